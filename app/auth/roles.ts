import type { Role } from "~/database/schema";

export const ROLE_LABELS: Record<Role, string> = {
  contestant: "Thí sinh",
  organizer: "Ban tổ chức",
  leader: "Lãnh đạo",
  admin: "Quản trị hệ thống",
};

export const ROLES = Object.keys(ROLE_LABELS) as Role[];
