// Draws every chart on the page: an element with data-chart="<id>" gets the Vega-Lite spec
// from the JSON script element with that id. The drawing goes into a child element, so the
// container keeps its role="img" and the summary in its aria-label. The site's Content-Security-Policy forbids
// eval, so Vega runs expressions with the AST interpreter instead of compiled functions.
(function () {
  "use strict";

  function draw(element) {
    if (element.dataset.chartDrawn || typeof window.vegaEmbed !== "function") {
      return;
    }
    var source = document.getElementById(element.dataset.chart);
    if (!source) {
      return;
    }
    element.dataset.chartDrawn = "true";
    var spec = JSON.parse(source.textContent);
    var drawing = document.createElement("div");
    drawing.className = "trinvis-chart__drawing";
    element.appendChild(drawing);
    window
      .vegaEmbed(drawing, spec, {
        ast: true,
        expr: window.vegaExpressionInterpreter,
        actions: false,
        renderer: "svg",
        // Both styles would be inline <style> elements: reports.css carries them instead.
        defaultStyle: false,
        tooltip: { disableDefaultStyle: true },
      })
      .then(function () {
        element.classList.add("trinvis-chart--drawn");
      })
      .catch(function (error) {
        delete element.dataset.chartDrawn;
        element.removeChild(drawing);
        console.error("chart not drawn", error);
      });
  }

  function drawAll(root) {
    root.querySelectorAll("[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      drawAll(document);
    });
  } else {
    drawAll(document);
  }
  // Charts in fragments that htmx swaps in.
  document.addEventListener("htmx:afterSettle", function (event) {
    drawAll(event.target);
  });
})();
