export { EntriesOverTimeChart } from "./entries-over-time-chart";
export { ParticipationByUnitChart, type UnitParticipation } from "./participation-by-unit-chart";
export { ScoreDistributionChart } from "./score-distribution-chart";
