import { Link } from "@remix-run/react";
import { QrCode } from "./qr-code";

/**
 * The organizer's "share" box on a contest's page: the public address, its QR code (drawn on the
 * server) and the printable poster. Its own component so the contest page only places it.
 */
export function ContestShareSection(props: { contestId: number; url: string; qr: { size: number; path: string }; published: boolean }) {
  return (
    <section className="card share-card" aria-labelledby="share-heading" data-testid="contest-share">
      <h2 id="share-heading">Chia sẻ cuộc thi</h2>
      <div className="share-card__body">
        <QrCode code={props.qr} label={`Mã QR dẫn tới ${props.url}`} className="qr-code qr-code--small" />
        <div>
          <p className="small">Địa chỉ trang cuộc thi:</p>
          <p className="share-card__url">
            <a href={props.url}>{props.url}</a>
          </p>
          {!props.published && <p className="hint">Địa chỉ này chỉ mở được sau khi cuộc thi được công bố.</p>}
          <p>
            <Link className="button button--secondary" to={`/quan-ly/cuoc-thi/${props.contestId}/ap-phich`}>
              Áp phích để in (khổ A4)
            </Link>
          </p>
        </div>
      </div>
    </section>
  );
}
