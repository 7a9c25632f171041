// Raise-a-request form: show only the custom fields of the chosen category (and the unscoped ones).
// Without script every field shows, each saying which category it belongs to; the server decides.
function syncCustomFields() {
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
}

// After a refused post, keyboard and screen reader users land on the first field to correct.
function focusFirstError() {
  const field = document.querySelector(".has-error input, .has-error select, .has-error textarea");
  if (field) field.focus();
}

document.addEventListener("DOMContentLoaded", () => {
  syncCustomFields();
  focusFirstError();
});
