import express from "express";
import { MAX_PREDICTION } from "~/contests/prediction";
import type { DB } from "~/database/connection.server";
import { z } from "~/validation/z";
import { saveAnswer, savePrediction } from "./entries.server";
import { entryJsonEndpoint } from "./entry-api.server";

const saveAnswerSchema = z.object({
  position: z.number().int().min(0).max(500),
  chosen: z.array(z.number().int().min(0).max(5)).max(6),
  revision: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

const predictionSchema = z.object({ prediction: z.number().int().min(0).max(MAX_PREDICTION) });

/**
 * POST /api/entries/:entryId/answers saves one answer the moment it is chosen (repeating a save
 * changes nothing); POST /api/entries/:entryId/prediction saves the prediction answer. Other
 * methods fall through to the Remix routes of the same paths, which answer 405.
 */
export function entryEndpoints(db: DB) {
  const router = express.Router();
  router.post(
    "/api/entries/:entryId/answers",
    entryJsonEndpoint(db, saveAnswerSchema, "Câu trả lời gửi lên không hợp lệ.", async ({ db, userId, entryId, data }) => {
      const { remainingMs } = await saveAnswer(db, { entryId, userId, ...data });
      return { position: data.position, revision: data.revision, remainingMs };
    }),
  );
  router.post(
    "/api/entries/:entryId/prediction",
    entryJsonEndpoint(
      db,
      predictionSchema,
      `Câu trả lời dự đoán phải là một số nguyên từ 0 đến ${MAX_PREDICTION.toLocaleString("vi-VN")}.`,
      async ({ db, userId, entryId, data }) => {
        const { remainingMs } = await savePrediction(db, { entryId, userId, prediction: data.prediction });
        return { prediction: data.prediction, remainingMs };
      },
    ),
  );
  return router;
}
