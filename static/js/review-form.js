// Review form: a live count of characters against the limit, so nobody loses words to a limit they did not see.
// Optional: without JavaScript the server answers a too-long review with a clear message and keeps the text.
(function () {
  "use strict";
  document.querySelectorAll(".counted textarea[data-max]").forEach(function (area) {
    var max = parseInt(area.dataset.max, 10);
    var counter = document.createElement("p");
    counter.className = "char-counter small";
    counter.id = area.id + "-count";
    counter.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", counter);
    area.setAttribute("aria-describedby", ((area.getAttribute("aria-describedby") || "") + " " + counter.id).trim());
    function update() {
      var used = area.value.length;
      var over = used > max;
      counter.textContent = used.toLocaleString("en") + " / " + max.toLocaleString("en") + " characters" +
        (over ? ": " + (used - max).toLocaleString("en") + " too many, shorten it before posting" : "");
      counter.classList.toggle("over", over);
    }
    area.addEventListener("input", update);
    update();
  });
}());
