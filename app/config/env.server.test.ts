import { describe, expect, it } from "vitest";
import { ENV_VARIABLES, EnvError, parseEnv, type EnvVariable } from "./env.server";

/** The problems parseEnv reports for an environment (none when it is accepted). */
function problems(source: Record<string, string | undefined>, required: readonly EnvVariable[] = []): string[] {
  try {
    parseEnv(source, required);
    return [];
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
}

describe("the environment schema", () => {
  it("starts with nothing set: every variable has its default or stays unset", () => {
    const e = parseEnv({});
    expect(e).toMatchObject({
      PORT: 3000,
      HOST: "127.0.0.1",
      DATA_DIR: ".data",
      EMBEDDED_PG_PORT: 54329,
      PREPARE_DATABASE: true,
      QUESTION_BANKS_DIR: "question-banks",
      DEMO_DATA: true,
      DEMO_PASSWORD: "Demo@2026",
      COOKIE_SECURE: false,
      TRUST_PROXY: false,
      ALLOWED_ORIGINS: [],
      SESSION_IDLE_DAYS: 14,
      SESSION_MAX_DAYS: 30,
      BCRYPT_CONCURRENCY: 2,
      LOGIN_MAX_WAIT_MS: 15_000,
      LOGIN_FAILURES_PER_ADDRESS: 100,
      REGISTRATIONS_PER_ADDRESS: 20,
      ACCOUNT_LOG_RETENTION_DAYS: 365,
      MAIL_FROM: "Thi tìm hiểu CCHC <no-reply@localhost>",
      REDIS_CHANNEL_PREFIX: "socket.io",
    });
    for (const unset of ["DATABASE_URL", "DATABASE_REPLICA_URL", "WORKERS", "SESSION_SECRET", "SECOND_PORT", "PUBLIC_URL", "SMTP_URL", "REDIS_URL", "WORKER_SLOT", "NODE_ENV"] as const) {
      expect(e[unset]).toBeUndefined();
    }
  });

  it("reads each form a variable may take, typed", () => {
    const e = parseEnv({
      DATABASE_URL: "postgres://cchc:mk@db.tinh.gov.vn:5432/cchc",
      DATABASE_REPLICA_URL: "postgresql://cchc:mk@replica.tinh.gov.vn:5432/cchc",
      PORT: "8080",
      HOST: "0.0.0.0",
      WORKERS: " 4 ",
      DEMO_DATA: "off",
      PREPARE_DATABASE: "off",
      COOKIE_SECURE: "true",
      TRUST_PROXY: "true",
      ALLOWED_ORIGINS: "https://Thi.Tinh.gov.vn/, http://10.0.0.5:8080",
      BCRYPT_CONCURRENCY: "8",
      PUBLIC_URL: "https://thi.tinh.gov.vn/",
      SMTP_URL: "smtps://hoithi:mk@mail.tinh.gov.vn:465",
      REDIS_URL: "redis://127.0.0.1:6379",
      DB_STATEMENT_TIMEOUT_MS: "0",
    });
    expect(e).toMatchObject({
      DATABASE_URL: "postgres://cchc:mk@db.tinh.gov.vn:5432/cchc",
      DATABASE_REPLICA_URL: "postgresql://cchc:mk@replica.tinh.gov.vn:5432/cchc",
      PORT: 8080,
      HOST: "0.0.0.0",
      WORKERS: 4,
      DEMO_DATA: false,
      PREPARE_DATABASE: false,
      COOKIE_SECURE: true,
      TRUST_PROXY: true,
      ALLOWED_ORIGINS: ["https://thi.tinh.gov.vn", "http://10.0.0.5:8080"],
      BCRYPT_CONCURRENCY: 8,
      PUBLIC_URL: "https://thi.tinh.gov.vn",
      SMTP_URL: "smtps://hoithi:mk@mail.tinh.gov.vn:465",
      REDIS_URL: "redis://127.0.0.1:6379",
      DB_STATEMENT_TIMEOUT_MS: 0,
    });
  });

  it("treats an empty or blank variable as unset", () => {
    const blank = Object.fromEntries(ENV_VARIABLES.map((name, i) => [name, i % 2 === 0 ? "" : "  "]));
    expect(parseEnv(blank)).toEqual(parseEnv({}));
  });

  it("ignores variables that are not its own", () => {
    expect(parseEnv({ PATH: "/usr/bin", HOME: "/root", npm_config_cache: "x" })).toEqual(parseEnv({}));
  });

  it.each([
    ["BCRYPT_CONCURRENCY", "abc", "BCRYPT_CONCURRENCY phải là số nguyên từ 1 đến 64 (số luồng băm mật khẩu)"],
    ["BCRYPT_CONCURRENCY", "0", "BCRYPT_CONCURRENCY phải là số nguyên từ 1 đến 64 (số luồng băm mật khẩu)"],
    ["BCRYPT_CONCURRENCY", "12abc", "BCRYPT_CONCURRENCY phải là số nguyên từ 1 đến 64 (số luồng băm mật khẩu)"],
    ["WORKERS", "1.5", "WORKERS phải là số nguyên từ 1 đến 64 (số tiến trình ứng dụng npm start chạy)"],
    ["WORKERS", "-1", "WORKERS phải là số nguyên từ 1 đến 64 (số tiến trình ứng dụng npm start chạy)"],
    ["PORT", "1e3", "PORT phải là số nguyên từ 1 đến 65535 (cổng ứng dụng lắng nghe)"],
    ["PORT", "70000", "PORT phải là số nguyên từ 1 đến 65535 (cổng ứng dụng lắng nghe)"],
    ["PORT", "99999999999999999999", "PORT phải là số nguyên từ 1 đến 65535 (cổng ứng dụng lắng nghe)"],
    ["EMBEDDED_PG_PORT", "80", "EMBEDDED_PG_PORT phải là số nguyên từ 1024 đến 65535 (cổng của PostgreSQL nhúng)"],
    ["SESSION_IDLE_DAYS", "14 ngày", "SESSION_IDLE_DAYS phải là số nguyên từ 1 đến 365 (số ngày không dùng thì phiên đăng nhập hết hạn)"],
    ["SESSION_MAX_DAYS", "0", "SESSION_MAX_DAYS phải là số nguyên từ 1 đến 365 (số ngày tối đa của một phiên đăng nhập)"],
    ["LOGIN_MAX_WAIT_MS", "15s", "LOGIN_MAX_WAIT_MS phải là số nguyên từ 100 đến 600000 (thời gian một lần đăng nhập chờ kiểm tra mật khẩu, tính bằng mili giây)"],
    ["LOGIN_FAILURES_PER_ADDRESS", "NaN", "LOGIN_FAILURES_PER_ADDRESS phải là số nguyên từ 1 đến 100000"],
    ["REGISTRATIONS_PER_ADDRESS", "Infinity", "REGISTRATIONS_PER_ADDRESS phải là số nguyên từ 1 đến 100000"],
    ["ACCOUNT_LOG_RETENTION_DAYS", "0x10", "ACCOUNT_LOG_RETENTION_DAYS phải là số nguyên từ 1 đến 3650"],
    ["DB_POOL_SIZE", "0", "DB_POOL_SIZE phải là số nguyên từ 1 đến 1000"],
    ["DB_LOCK_TIMEOUT_MS", "5s", "DB_LOCK_TIMEOUT_MS phải là số nguyên từ 0 đến 86400000 (lock_timeout, tính bằng mili giây; 0 để tắt)"],
    ["DATABASE_REPLICA_URL", "replica:5432", "DATABASE_REPLICA_URL phải có dạng postgres://"],
    ["SECOND_PORT", "x", "SECOND_PORT phải là số nguyên từ 1 đến 65535"],
    ["WORKER_SLOT", "0", "WORKER_SLOT phải là số nguyên từ 1 đến 64"],
    ["COOKIE_SECURE", "yes", "COOKIE_SECURE phải là true hoặc false"],
    ["TRUST_PROXY", "1", "TRUST_PROXY phải là true hoặc false"],
    ["DEMO_DATA", "false", "DEMO_DATA phải là on hoặc off"],
    ["PREPARE_DATABASE", "no", "PREPARE_DATABASE phải là on hoặc off"],
    ["NODE_ENV", "prod", "NODE_ENV phải là production, development hoặc test"],
    ["DATABASE_URL", "localhost:5432/cchc", "DATABASE_URL phải có dạng postgres://người-dùng:mật-khẩu@máy-chủ:5432/tên-cơ-sở-dữ-liệu"],
    ["HOST", "http://0.0.0.0", "HOST phải là một địa chỉ IP hoặc tên máy, ví dụ 127.0.0.1 hoặc 0.0.0.0"],
    ["SESSION_SECRET", "ngan-qua", "SESSION_SECRET phải dài ít nhất 32 ký tự"],
    ["PUBLIC_URL", "thi.tinh.gov.vn", "PUBLIC_URL phải là một địa chỉ http:// hoặc https://, ví dụ https://thi.tinh.gov.vn"],
    ["SMTP_URL", "mail.tinh.gov.vn:587", "SMTP_URL phải có dạng smtp://tên:mật-khẩu@máy-chủ:587 (hoặc smtps://…:465)"],
    ["MAIL_FROM", "Hội thi", "MAIL_FROM phải chứa một địa chỉ thư, ví dụ Thi tìm hiểu CCHC <no-reply@tinh.gov.vn>"],
    ["REDIS_URL", "127.0.0.1:6379", "REDIS_URL phải có dạng redis://máy-chủ:6379 (hoặc rediss://… với TLS)"],
    ["REDIS_CHANNEL_PREFIX", "hai từ", "REDIS_CHANNEL_PREFIX phải là một tiền tố không có khoảng trắng, ví dụ socket.io"],
    ["DEMO_PASSWORD", "Mật khẩu ".repeat(9), "DEMO_PASSWORD phải dài tối đa 72 byte (giới hạn của bcrypt)"],
    ["ALLOWED_ORIGINS", "https://ok.example, thi.tinh.gov.vn/dang-nhap", 'ALLOWED_ORIGINS: "thi.tinh.gov.vn/dang-nhap" không phải địa chỉ gốc của một trang'],
  ])("refuses %s=%j with a Vietnamese message naming it and the expected form", (name, value, message) => {
    const found = problems({ [name]: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(message);
  });

  it("lists every bad variable at once, under one heading", () => {
    let error: unknown;
    try {
      parseEnv({ BCRYPT_CONCURRENCY: "abc", WORKERS: "0", COOKIE_SECURE: "yes", PORT: "3000" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvError);
    const { message, problems: found } = error as EnvError;
    expect(found.map((p) => p.split(" ")[0])).toEqual(expect.arrayContaining(["BCRYPT_CONCURRENCY", "WORKERS", "COOKIE_SECURE"]));
    expect(found).toHaveLength(3);
    expect(message.split("\n")).toEqual(["Cấu hình môi trường không hợp lệ:", ...found.map((p) => `  - ${p}`)]);
  });

  it("requires what an app process needs, and says who provides it", () => {
    expect(problems({}, ["DATABASE_URL", "SESSION_SECRET"])).toEqual([
      "DATABASE_URL chưa được đặt: tiến trình ứng dụng cần được khởi động bằng npm start",
      "SESSION_SECRET chưa được đặt: tiến trình ứng dụng cần được khởi động bằng npm start",
    ]);
    expect(problems({ SESSION_SECRET: " " }, ["SESSION_SECRET"])).toHaveLength(1);
    expect(problems({ SESSION_SECRET: "x".repeat(32) }, ["SESSION_SECRET"])).toEqual([]);
  });
});
