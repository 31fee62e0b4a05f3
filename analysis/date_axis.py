"""Month ticks that read at any run length: quarters or half-years over a year or two, years over
the four of ``historical_2018`` (43 months of "Jan 2016" labels run into each other)."""

import matplotlib.dates as mdates
import matplotlib.ticker as mticker

LONG_SPAN_DAYS = 800  # beyond this, one labelled tick a year


class _SpanMonths(mticker.Locator):
    """The given months' ticks, or only Januaries when the view spans more than LONG_SPAN_DAYS."""

    def __init__(self, months: tuple[int, ...], long_months: tuple[int, ...] = (1,)):
        self.short, self.long = mdates.MonthLocator(bymonth=months), mdates.MonthLocator(bymonth=long_months)

    def set_axis(self, axis):
        super().set_axis(axis)
        self.short.set_axis(axis)
        self.long.set_axis(axis)

    def __call__(self):
        lo, hi = self.axis.get_view_interval()
        return (self.long if hi - lo > LONG_SPAN_DAYS else self.short)()


def month_axis(ax, months: tuple[int, ...] = (1, 4, 7, 10), fmt: str = "%b %Y", minor: bool = False) -> None:
    """Label ``months`` of each year as ``fmt``; over a long span, each January as its year, with the
    other given months (or every quarter) as unlabelled ticks."""
    axis = ax.xaxis

    def label(value, _pos):
        lo, hi = axis.get_view_interval()
        return mdates.num2date(value).strftime("%Y" if hi - lo > LONG_SPAN_DAYS else fmt)

    axis.set_major_locator(_SpanMonths(months))
    axis.set_major_formatter(mticker.FuncFormatter(label))
    if minor or len(months) < 4:
        axis.set_minor_locator(_SpanMonths((1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), (4, 7, 10)))
