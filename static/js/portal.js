// Raise-a-request form: show only the custom fields of the chosen category (and the unscoped ones).
// Without script every field shows, each saying which category it belongs to; the server decides.
document.addEventListener("DOMContentLoaded", () => {
  const category = document.querySelector(".request-form select[name=category]");
  const fieldset = document.querySelector(".request-form .custom-fields");
  if (!category || !fieldset) return;
  const sync = () => {
    let shown = 0;
    fieldset.querySelectorAll(".custom-field").forEach((row) => {
      const scope = row.dataset.category;
      row.hidden = scope !== "" && scope !== category.value;
      if (!row.hidden) shown += 1;
    });
    fieldset.hidden = shown === 0;
  };
  category.addEventListener("change", sync);
  sync();
});
