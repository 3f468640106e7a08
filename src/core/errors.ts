/** Every expected failure in tikrar is a value with a stable code; only bugs throw. */
export type TikrarErrorCode =
  | "spec_mismatch"
  | "invalid_input"
  | "text_too_short"
  | "not_found"
  | "stale_revision";

export interface TikrarError {
  code: TikrarErrorCode;
  message: string;
  issues?: { path: string; message: string }[];
}

export type Result<T, E = TikrarError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = (code: TikrarErrorCode, message: string, issues?: TikrarError["issues"]): Result<never> => ({
  ok: false,
  error: issues ? { code, message, issues } : { code, message },
});
