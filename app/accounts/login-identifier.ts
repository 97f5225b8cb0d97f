// People log in with an email or a Vietnamese phone number; both are normalised the same way everywhere.

export type LoginIdentifier = { kind: "email"; email: string } | { kind: "phone"; phone: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function parseLoginIdentifier(raw: string): LoginIdentifier | null {
  const value = raw.trim();
  if (value.includes("@")) {
    const email = value.toLowerCase();
    return EMAIL.test(email) && email.length <= 254 ? { kind: "email", email } : null;
  }
  let digits = value.replace(/[\s.\-()]/g, "");
  if (digits.startsWith("+84")) digits = `0${digits.slice(3)}`;
  else if (digits.startsWith("84") && digits.length === 11) digits = `0${digits.slice(2)}`;
  return /^0\d{9}$/.test(digits) ? { kind: "phone", phone: digits } : null;
}
