export const TOPICS = {
  institutional: "Cải cách thể chế",
  "administrative-procedures": "Cải cách thủ tục hành chính",
  apparatus: "Cải cách tổ chức bộ máy hành chính nhà nước",
  "civil-service": "Cải cách chế độ công vụ",
  "public-finance": "Cải cách tài chính công",
  "e-government": "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
  "digital-transformation": "Chuyển đổi số, định danh điện tử, dịch vụ công trực tuyến",
  indices: "Các chỉ số đo lường (PAR INDEX, SIPAS, PAPI, PCI, DDCI, DTI)",
} as const;

export type TopicKey = keyof typeof TOPICS;
export const TOPIC_KEYS = Object.keys(TOPICS) as [TopicKey, ...TopicKey[]];

export const DIFFICULTY_LABELS = { easy: "Dễ", medium: "Trung bình", hard: "Khó" } as const;
export const QUESTION_TYPE_LABELS = {
  single: "Một đáp án đúng",
  multiple: "Nhiều đáp án đúng",
  true_false: "Đúng / Sai",
} as const;
