// Copy-link button: an enhancement; without JavaScript the link stays selectable in the field.
(function () {
  var button = document.querySelector(".share__copy-button");
  if (!button || !navigator.clipboard) return;
  var field = document.querySelector(button.getAttribute("data-copy"));
  var status = document.querySelector(".share__copied");
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value).then(function () {
      status.textContent = "Đã sao chép liên kết.";
    }, function () {
      field.select();
      status.textContent = "Hãy nhấn Ctrl+C (hoặc giữ để sao chép).";
    });
  });
})();
