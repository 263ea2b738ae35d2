// The chart, drawn by vega-embed from the spec the server built (inline data only). Expressions run through
// vega's interpreter instead of generated code, so the page works under a CSP without 'unsafe-eval'.
import { expressionInterpreter } from '/vendor/vega-interpreter.js';

export async function embedChart(element, spec) {
  if (typeof window.vegaEmbed !== 'function') throw new Error('bibliothèque de graphiques indisponible');
  await window.vegaEmbed(element, spec, {
    actions: false, // exports go through the server, which journals them and stamps the source line
    renderer: 'svg',
    ast: true,
    expr: expressionInterpreter,
    // vega-embed and its tooltips would inject <style> elements, which the CSP refuses: style.css styles them.
    defaultStyle: false,
    tooltip: { disableDefaultStyle: true },
  });
}
