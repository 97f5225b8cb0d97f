import { foldText } from "~/text/normalize";

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

/** Folded, letters and digits only: "Đúng / Sai", "dung sai" and "DUNG_SAI" read alike. */
const looseChoice = (text: string) => foldText(text).replace(/[^a-z0-9]/g, "");

/**
 * The key of a choice written either as its Vietnamese name or as its key, ignoring case,
 * diacritics, spaces and punctuation: "Đúng / Sai" and "true_false" are both `true_false`.
 */
export function choiceKey<K extends string>(labels: Record<K, string>, written: string): K | undefined {
  const wanted = looseChoice(written);
  if (!wanted) return undefined;
  return (Object.keys(labels) as K[]).find((key) => looseChoice(key) === wanted || looseChoice(labels[key]) === wanted);
}

/** "Dễ, Trung bình hoặc Khó": the names of the choices, as a sentence lists them. */
export function choiceNames(labels: Record<string, string>): string {
  const names = Object.values(labels);
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} hoặc ${names[names.length - 1]}` : (names[0] ?? "");
}
