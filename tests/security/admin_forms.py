"""What a browser would send for an admin page's form: the tests read the page as it is
served, change one field and post it back, as an attacker with the page open would."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    """Collects the controls of the form with id `form_id` (the admin's change form)."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data = {}
        self._select = None
        self._select_first = None
        self._select_chosen = False
        self._textarea = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
            self.multiple = "multiple" in attrs
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attrs:
                self._add(self._select, value)
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select:
            if not self._select_chosen and not self.multiple and self._select_first is not None:
                self._add(self._select, self._select_first)
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data


def form_data(html, form_id):
    """{name: [values]} of the form, as the browser would post it unchanged."""
    reader = _FormReader(form_id)
    reader.feed(html)
    reader.close()
    # A browser drops the one newline that follows <textarea>.
    return {
        name: [v[1:] if v.startswith("\n") else v for v in values]
        for name, values in reader.data.items()
    }


def has_errors(html):
    """The admin re-showed the form with a field or form error."""
    return 'class="errorlist' in html or "errornote" in html
