/** What the plan page hands each of its tabs. */
import type { ExamSession, Objection, PlanDetail } from '../../api';

export interface PlanCtx {
  plan: PlanDetail;
  sessions: ExamSession[];
  objections: Objection[];
  /** reloads the plan, its sessions and objections */
  reload: () => Promise<void>;
  own: boolean;
  may: { manage: boolean; enter: boolean; confirm: boolean; correct: boolean; tickets: boolean };
}
