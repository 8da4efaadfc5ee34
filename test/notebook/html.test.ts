import { test } from "node:test";
import assert from "node:assert/strict";
import { escapeHtml, escapeInlineScript, figureHtml, formatNumber, plotlyBundleScript, tableHtml } from "../../src/notebook/html";

test("escapeHtml escapes the five HTML metacharacters", () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
});

test("escapeInlineScript neutralises </script and <!-- inside inline scripts", () => {
  const js = `var s = "</script><!--";`;
  const out = escapeInlineScript(js);
  assert.ok(!/<\/script/i.test(out));
  assert.ok(!out.includes("<!--"));
  // The escaped text still evaluates to the same string.
  assert.equal(new Function(`${out}; return s;`)(), "</script><!--");
});

test("figureHtml embeds the figure JSON, the id and the default config", () => {
  const html = figureHtml({ data: [{ type: "bar", x: ["a"], y: [1.5] }], layout: { title: { text: "T</script>" }, height: 300 } }, "fig-1");
  assert.match(html, /<div id="fig-1" class="carbon-ledger-figure" style="width:100%;min-height:300px">/);
  assert.match(html, /"y":\[1\.5\]/);
  assert.match(html, /"displaylogo":false/);
  assert.ok(!html.includes("T</script>"), "a title must not be able to close the script element");
});

test("the plotly bundle is one inline script with no external reference", () => {
  const s = plotlyBundleScript();
  assert.ok(s.startsWith('<script type="text/javascript">/* plotly.js '));
  assert.equal(s.match(/<script/g)?.length, 1);
  assert.ok(s.length > 1_000_000);
  assert.ok(!/<script[^>]*\ssrc=/.test(s));
});

test("tableHtml formats numbers, escapes text and limits rows", () => {
  const rows = [
    { province: "Shaanxi <SN>", mt: 215.63123456, n: 1234567 },
    { province: "Gansu", mt: 0.000012345, n: 2 },
    { province: "Qinghai", mt: 36.48, n: 3 },
  ];
  const html = tableHtml(rows, { maxRows: 2, caption: "demo" });
  assert.match(html, /Shaanxi &lt;SN&gt;/);
  assert.match(html, />215\.631</);
  assert.match(html, />1,234,567</);
  assert.match(html, />1\.23450e-5</);
  assert.ok(!html.includes("Qinghai"));
  assert.match(html, /1 more rows not shown/);
  assert.match(html, /<caption[^>]*>demo<\/caption>/);
});

test("formatNumber never hides a non-finite value", () => {
  assert.equal(formatNumber(NaN), "NaN");
  assert.equal(formatNumber(-Infinity), "−∞");
});

test("formatNumber prints years without a thousands separator, larger integers with one", () => {
  assert.equal(formatNumber(2017), "2017");
  assert.equal(formatNumber(-9999), "-9999");
  assert.equal(formatNumber(12345), "12,345");
});
