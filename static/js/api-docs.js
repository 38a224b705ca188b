// The API reference at /api/v1/docs: Swagger UI reads the OpenAPI document named by the page (no inline script).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root) { return; }
  if (typeof window.SwaggerUIBundle !== "function") {
    root.textContent = "The interactive reference could not load; the OpenAPI document is linked above.";
    return;
  }
  window.SwaggerUIBundle({
    url: root.getAttribute("data-spec-url"),
    domNode: root,
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    validatorUrl: null, // the default badge fetches validator.swagger.io: no third-party calls
    defaultModelsExpandDepth: 0,
    docExpansion: "list"
  });
});
