/**
 * One colour per region, per Northwest province, per sector group and per trend class, shared by
 * every notebook and report, so a reader learns "vermillion = Northwest" once.
 * Colours: Okabe & Ito (2008) "Color Universal Design" for the regions, Paul Tol's "muted" and
 * "bright" schemes (SRON/EPS/TN/09-002) for groups and provinces — distinguishable with the common
 * colour-vision deficiencies.
 */

/** China's seven geographical regions (METHODS §2.8) plus exports abroad. */
export const REGION_COLORS: Readonly<Record<string, string>> = {
  North: "#E69F00",
  Northeast: "#56B4E9",
  East: "#0072B2",
  Central: "#009E73",
  South: "#CC79A7",
  Southwest: "#999933",
  Northwest: "#D55E00",
  "Rest of world": "#7F7F7F",
};

/** The five Northwest provinces. */
export const PROVINCE_COLORS: Readonly<Record<string, string>> = {
  Shaanxi: "#4477AA",
  Gansu: "#228833",
  Qinghai: "#66CCEE",
  Ningxia: "#EE6677",
  Xinjiang: "#CCBB44",
};

/** The seven sector groups (METHODS §3.5; data/concordances/groups7.csv), by English name. */
export const SECTOR_GROUP_COLORS: Readonly<Record<string, string>> = {
  "Energy industry": "#882255",
  "Heavy manufacturing": "#332288",
  "Light manufacturing": "#88CCEE",
  Agriculture: "#117733",
  Construction: "#DDCC77",
  Transport: "#44AA99",
  Services: "#CC6677",
};

/** Trend classes of the per-pixel Sen + Mann–Kendall test. */
export const TREND_CLASS_COLORS: Readonly<Record<string, string>> = {
  "significant increase": "#1B7837",
  "no significant change": "#D9D9D9",
  "significant decrease": "#8C510A",
  "no data": "#FFFFFF",
};

/** Colours of "published" and "computed" in comparison charts, and of threshold lines. */
export const COMPARISON_COLORS = { published: "#555555", computed: "#0072B2", threshold: "#B2182B" } as const;

/**
 * Diverging scale for signed quantities (trends): brown (decrease) – white (zero) – green (increase),
 * ColorBrewer BrBG. Use with `zmid: 0` so white is exactly zero.
 */
export const DIVERGING_BRBG: ReadonlyArray<[number, string]> = [
  [0, "#543005"],
  [0.1, "#8C510A"],
  [0.2, "#BF812D"],
  [0.3, "#DFC27D"],
  [0.4, "#F6E8C3"],
  [0.5, "#F5F5F5"],
  [0.6, "#C7EAE5"],
  [0.7, "#80CDC1"],
  [0.8, "#35978F"],
  [0.9, "#01665E"],
  [1, "#003C30"],
];

/** Sequential scale for non-negative quantities (NPP, totals): light yellow to dark green (ColorBrewer YlGn). */
export const SEQUENTIAL_YLGN: ReadonlyArray<[number, string]> = [
  [0, "#FFFFE5"],
  [0.125, "#F7FCB9"],
  [0.25, "#D9F0A3"],
  [0.375, "#ADDD8E"],
  [0.5, "#78C679"],
  [0.625, "#41AB5D"],
  [0.75, "#238443"],
  [0.875, "#006837"],
  [1, "#004529"],
];

/** Sequential scale for emissions: light to dark red (ColorBrewer OrRd). */
export const SEQUENTIAL_ORRD: ReadonlyArray<[number, string]> = [
  [0, "#FFF7EC"],
  [0.25, "#FDD49E"],
  [0.5, "#FC8D59"],
  [0.75, "#D7301F"],
  [1, "#7F0000"],
];

const ALIASES: Record<string, string> = {
  华北: "North", 东北: "Northeast", 华东: "East", 华中: "Central", 华南: "South", 西南: "Southwest", 西北: "Northwest",
  陕西: "Shaanxi", 甘肃: "Gansu", 青海: "Qinghai", 宁夏: "Ningxia", 新疆: "Xinjiang",
  energy: "Energy industry", heavy: "Heavy manufacturing", light: "Light manufacturing", agriculture: "Agriculture", construction: "Construction", transport: "Transport", services: "Services",
  row: "Rest of world", abroad: "Rest of world", exports: "Rest of world",
};

/** Canonical key of a label: "Northwest China" → "Northwest", "西北" → "Northwest", "energy" → "Energy industry". */
export function canonicalColorKey(label: string): string {
  const t = label.trim();
  if (ALIASES[t]) return ALIASES[t];
  if (ALIASES[t.toLowerCase()]) return ALIASES[t.toLowerCase()];
  const noChina = t.replace(/\s+China$/i, "");
  for (const table of [REGION_COLORS, PROVINCE_COLORS, SECTOR_GROUP_COLORS, TREND_CLASS_COLORS]) {
    for (const k of Object.keys(table)) if (k.toLowerCase() === noChina.toLowerCase()) return k;
  }
  return t;
}

// Unknown labels (other provinces, user categories) get a stable colour from their name.
const FALLBACK = ["#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F", "#BAB0AC"];

/**
 * The colour of a region, Northwest province, sector group or trend class (any spelling handled by
 * `canonicalColorKey`); any other label gets a fixed colour derived from its text (FNV-1a hash), so the
 * same label has the same colour in every figure.
 */
export function colorOf(label: string): string {
  const k = canonicalColorKey(label);
  const c = REGION_COLORS[k] ?? PROVINCE_COLORS[k] ?? SECTOR_GROUP_COLORS[k] ?? TREND_CLASS_COLORS[k];
  if (c) return c;
  let h = 0x811c9dc5;
  for (let i = 0; i < k.length; i++) {
    h ^= k.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return FALLBACK[h % FALLBACK.length];
}

/** "#RRGGBB" → "rgba(r,g,b,alpha)" (Sankey links are drawn translucent in their source's colour). */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new RangeError(`withAlpha: not a #RRGGBB colour: ${hex}`);
  return `rgba(${parseInt(m[1], 16)},${parseInt(m[2], 16)},${parseInt(m[3], 16)},${alpha})`;
}
