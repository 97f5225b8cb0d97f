/** A QR code drawn from the server's path (contests/share.server.ts), with the white quiet zone scanners need. */
export function QrCode({ code, label, className }: { code: { size: number; path: string }; label: string; className?: string }) {
  const quiet = 4;
  const side = code.size + 2 * quiet;
  return (
    <svg className={className ?? "qr-code"} viewBox={`${-quiet} ${-quiet} ${side} ${side}`} role="img" aria-label={label} shapeRendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
      <rect x={-quiet} y={-quiet} width={side} height={side} fill="#fff" />
      <path d={code.path} fill="#000" />
    </svg>
  );
}
