/** balance/: embodied emissions against sequestration, growth, thresholds, and the study's published figures. */
export * from "./study-figures";
export * from "./compare";
export * from "./growth";
export * from "./threshold";
export * from "./published-vs-computed";
export * from "./scorecard";
