// Vplan's only script of its own: say out loud what an in-place save did.
// The server sends `HX-Trigger: {"vplan:announce": "..."}`; the text goes to the page's live region.
document.addEventListener("vplan:announce", function (event) {
  var region = document.getElementById("live-status");
  if (region) {
    region.textContent = "";
    region.textContent = event.detail.value;
  }
});
