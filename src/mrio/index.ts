/**
 * The MRIO engine's public surface: Leontief/Ghosh algebra, pymrio-style accounts,
 * bilateral embodied flows, aggregation by concordance, embodied intensity — plus the
 * pandas-CSV and mapping readers (re-exported from sources/ for convenience).
 */
export type { DenseMatrix, AxisIndex, LabelledMatrix, MrioTable } from "./types";
export { luFactor, luSolve, luSolveTransposed, luInverse, matmul, transpose, identity, zeros, gemmSub, SingularMatrixError } from "./linalg";
export type { LuFactorization } from "./linalg";
export {
  totalOutput, outputOf, rowSums, reciprocalOutput, technicalCoefficients, leontiefMatrix, leontiefFactor, leontiefInverse,
  leontiefSolve, ghoshCoefficients, ghoshInverse, stressorCoefficients, multipliers,
} from "./core";
export { validateTable, sectorLabel } from "./validate";
export type { ValidationOptions, ValidationReport } from "./validate";
export { accounts, calcAccounts, finalDemandByRegion, originConsumptionFootprint, sumColumnBlocks } from "./accounts";
export type { Accounts, AccountsOptions, AccountsExports } from "./accounts";
export { bilateralFlows, netTransfer, aggregateFlows, stressorIndex } from "./flows";
export type { BilateralFlows, FlowMethod, FlowOptions, ExportsTreatment, NetConvention, NetTransfer } from "./flows";
export { aggregateByConcordance, concordanceFromMapping, concordanceFromMatrix, identityConcordance } from "./aggregate";
export type { Concordance } from "./aggregate";
export { embodiedIntensity } from "./intensity";
export type { EmbodiedIntensity, IntensityOptions, IntensityWeighting, ShareBasis } from "./intensity";
export { tableFromFrames } from "./table";
export type { TableFrames, FrameFiles } from "./table";
export { readPandasCsv, writePandasCsv, parsePandasCsv, formatPandasCsv, pythonFloatRepr } from "../sources/pandas-csv";
export type { PandasFrame, PandasCsvLayout } from "../sources/pandas-csv";
export { readMapping, parseMapping } from "../sources/mapping-csv";
export type { Mapping } from "../sources/mapping-csv";
