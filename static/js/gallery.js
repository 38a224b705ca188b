// Photo viewer: in each [data-viewer-group], links marked data-viewer-item open their photo in the group's
// <dialog class="photo-viewer">. Esc closes (the dialog does that), arrow keys and the buttons move; on closing,
// focus goes to the photo last shown. Without JavaScript (or <dialog>) the links simply open the full photos.
(function () {
  "use strict";
  var rtl = document.documentElement.dir === "rtl";

  function setUp(dialog) {
    var group = dialog.closest("[data-viewer-group]") || document;
    var items = Array.prototype.slice.call(group.querySelectorAll("a[data-viewer-item]"));
    var image = dialog.querySelector(".viewer-image");
    var caption = dialog.querySelector(".viewer-caption");
    var count = dialog.querySelector(".viewer-count");
    var current = 0;
    var opened = false;

    function show(index) {
      current = (index + items.length) % items.length;
      var link = items[current];
      var thumb = link.querySelector("img");
      image.removeAttribute("src");
      image.setAttribute("width", link.getAttribute("data-width"));
      image.setAttribute("height", link.getAttribute("data-height"));
      image.setAttribute("sizes", "(min-width: 1300px) 1280px, 100vw");
      image.setAttribute("srcset", link.getAttribute("data-srcset"));
      image.setAttribute("src", link.getAttribute("href"));
      image.setAttribute("alt", thumb ? thumb.getAttribute("alt") : "");
      caption.textContent = link.getAttribute("data-caption") || "";
      count.textContent = dialog.getAttribute("data-count")
        .replace("{number}", String(current + 1)).replace("{total}", String(items.length));
      dialog.classList.toggle("single", items.length < 2);
    }

    items.forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
        event.preventDefault();
        opened = true;
        show(index);
        dialog.showModal();
      });
    });
    dialog.querySelector(".viewer-prev").addEventListener("click", function () { show(current - 1); });
    dialog.querySelector(".viewer-next").addEventListener("click", function () { show(current + 1); });
    dialog.querySelector(".viewer-close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight") { show(current + (rtl ? -1 : 1)); event.preventDefault(); }
      if (event.key === "ArrowLeft") { show(current + (rtl ? 1 : -1)); event.preventDefault(); }
    });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) { dialog.close(); }  // a click on the backdrop
    });
    dialog.addEventListener("close", function () {
      if (opened) { items[current].focus(); }
    });
  }

  var dialogs = document.querySelectorAll("dialog.photo-viewer");
  if (!dialogs.length || typeof dialogs[0].showModal !== "function") { return; }
  Array.prototype.forEach.call(dialogs, setUp);
})();
