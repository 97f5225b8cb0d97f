import type { UnitSpec } from "~/units/units.server";

// A fictional province shaped like one after the 2025 reorganisation: no district level,
// departments named as after the merger of Sở, and merged communes and wards that each run
// a public-administration service centre. Headcounts count each unit's own staff only;
// rankings add up subtrees.

const sub = (code: string, name: string, headcount: number): UnitSpec => ({ code, name, kind: "sub_unit", headcount });

const department = (code: string, name: string, headcount: number, children: UnitSpec[] = []): UnitSpec => ({
  code,
  name,
  kind: "department",
  headcount,
  children,
});

const commune = (code: string, name: string, headcount: number, withCentre = false): UnitSpec => ({
  code,
  name,
  kind: name.startsWith("Phường") ? "ward" : "commune",
  headcount,
  children: withCentre ? [sub(`${code}-TTHCC`, "Trung tâm Phục vụ hành chính công", 8)] : [],
});

export const DEMO_PROVINCE: UnitSpec = {
  code: "MH",
  name: "Tỉnh Minh Hòa (dữ liệu mẫu)",
  kind: "province",
  headcount: 0,
  children: [
    department("MH-VP", "Văn phòng Ủy ban nhân dân tỉnh", 72, [sub("MH-VP-TTHCC", "Trung tâm Phục vụ hành chính công tỉnh", 35)]),
    department("MH-SNV", "Sở Nội vụ", 95, [
      sub("MH-SNV-CCHC", "Phòng Cải cách hành chính", 9),
      sub("MH-SNV-TCBC", "Phòng Tổ chức, biên chế", 10),
      sub("MH-SNV-CCVC", "Phòng Công chức, viên chức", 11),
    ]),
    department("MH-STC", "Sở Tài chính", 140),
    department("MH-STP", "Sở Tư pháp", 60),
    department("MH-SKHCN", "Sở Khoa học và Công nghệ", 85, [sub("MH-SKHCN-CDS", "Trung tâm Chuyển đổi số", 24)]),
    department("MH-SCT", "Sở Công Thương", 110),
    department("MH-SXD", "Sở Xây dựng", 130),
    department("MH-SNNMT", "Sở Nông nghiệp và Môi trường", 260),
    department("MH-SGDDT", "Sở Giáo dục và Đào tạo", 75),
    department("MH-SYT", "Sở Y tế", 90),
    department("MH-SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", 80),
    department("MH-SDTTG", "Sở Dân tộc và Tôn giáo", 30),
    department("MH-TTR", "Thanh tra tỉnh", 45),
    department("MH-BQLKCN", "Ban Quản lý các khu công nghiệp", 40),
    department("MH-SNGV", "Sở Ngoại vụ", 25),
    commune("MH-P-MHA", "Phường Minh Hòa", 58, true),
    commune("MH-P-ANH", "Phường An Hòa", 52, true),
    commune("MH-P-TTH", "Phường Tân Thạnh", 49, true),
    commune("MH-P-PHU", "Phường Phú Mỹ", 47),
    commune("MH-P-BTH", "Phường Bình Thủy", 45),
    commune("MH-X-TPH", "Xã Tân Phú", 41, true),
    commune("MH-X-LHO", "Xã Long Hòa", 39),
    commune("MH-X-MTH", "Xã Mỹ Thạnh", 38),
    commune("MH-X-PHI", "Xã Phú Hiệp", 40),
    commune("MH-X-BLO", "Xã Bình Long", 36),
    commune("MH-X-HTH", "Xã Hòa Thành", 37),
    commune("MH-X-TLO", "Xã Thạnh Lộc", 35),
    commune("MH-X-VTH", "Xã Vĩnh Thuận", 42, true),
    commune("MH-X-AKH", "Xã An Khánh", 34),
    commune("MH-X-TXU", "Xã Tân Xuân", 33),
    commune("MH-X-LTH", "Xã Long Thới", 38),
    commune("MH-X-PTA", "Xã Phước Tân", 36),
    commune("MH-X-HLO", "Xã Hưng Lợi", 35),
    commune("MH-X-DHO", "Xã Định Hòa", 37),
    commune("MH-X-TAN", "Xã Thuận An", 39),
    // For contests with a group open to the public: people outside the administration register here.
    { code: "MH-ND", name: "Người dân (không thuộc cơ quan, đơn vị nhà nước)", kind: "public", headcount: 0 },
  ],
};
