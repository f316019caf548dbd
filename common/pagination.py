"""A page of a list and the list's length in one query."""

from django.core.paginator import Paginator
from django.db.models import Count, Window

# A page number past this is paged as Paginator pages it (its offset would not fit the
# database's integers; Paginator gives the last page).
FAST_PAGES = 100_000


class CountedPaginator(Paginator):
    """A Paginator of a queryset whose page brings the count of the whole list along (a
    window count on each of its rows), so that showing page N asks one query, not a
    count and then the page. A page with no rows (past the end, or an empty list), a number past
    FAST_PAGES and a list with DISTINCT or orphans are paged as Paginator pages them."""

    def get_page(self, number):
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 1
        query = self.object_list.query
        if 1 <= wanted <= FAST_PAGES and not self.orphans and not query.distinct:
            bottom = (wanted - 1) * self.per_page
            rows = list(
                self.object_list.annotate(listed_in_all=Window(Count("pk")))[
                    bottom : bottom + self.per_page
                ]
            )
            if rows:
                return self.page_from(rows, wanted)
        return super().get_page(number)

    def page_from(self, rows, number):
        """Page `number` of the list from its rows, fetched elsewhere with the count of
        the whole list on each (`listed_in_all`, a window count); `rows` not empty."""
        self.__dict__["count"] = rows[0].listed_in_all  # Paginator.count is cached
        return self._get_page(rows, number, self)
