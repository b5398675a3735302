"""The server-drawn bar charts: a small count is drawn, not left out; the value axis is marked; the text
stays a readable size when the chart is drawn narrower than its own width."""

from portal.core.charts import FONT_SIZE, WIDTH, bar_chart

MONTHS = ["Oct 26", "Nov 26", "Dec 26"]


def test_a_count_from_1_to_4_is_drawn_as_a_visible_bar_marked_fewer_than_5():
    chart = bar_chart(title="Requests", labels=MONTHS, values=[0, 3, 40])
    zero, small, large = chart["bars"]
    assert small.shown == "fewer than 5" and small.suppressed
    assert small.length > 0, "a count of 1 to 4 must not look like none"
    assert zero.length == 0 and not zero.suppressed and zero.shown == "0"
    assert large.length > small.length and not large.suppressed
    # Drawn as long as 4, the most it can be, so it never looks larger than a count of 5.
    five = bar_chart(title="Requests", labels=MONTHS, values=[4, 5, 40])["bars"]
    assert bar_chart(title="Requests", labels=MONTHS, values=[2, 5, 40])["bars"][0].length == five[0].length
    assert five[0].length < five[1].length


def test_a_chart_of_small_counts_alone_still_shows_them():
    chart = bar_chart(title="Requests", labels=MONTHS, values=[1, 2, 0])
    assert [bar.length > 0 for bar in chart["bars"]] == [True, True, False]
    assert chart["description"] == "Oct 26: fewer than 5; Nov 26: fewer than 5; Dec 26: 0"
    # The axis runs to 5, so the pale bars are seen to end short of it.
    assert (
        chart["ticks"][-1].label == "5" and chart["bars"][0].length < chart["plot_right"] - chart["plot_left"]
    )


def test_the_value_axis_has_round_ticks_from_0_past_the_longest_bar():
    chart = bar_chart(title="Requests", labels=MONTHS, values=[12, 37, 8])
    ticks = chart["ticks"]
    assert [tick.label for tick in ticks] == ["0", "10", "20", "30", "40"]
    assert ticks[0].x == chart["plot_left"] and ticks[-1].x == chart["plot_right"]
    longest = max(chart["bars"], key=lambda bar: bar.length)
    assert chart["plot_left"] + longest.length <= ticks[-1].x
    days = bar_chart(title="Days", labels=MONTHS, values=[0.5, 2.25, 1.0], suppress=False)
    assert [tick.label for tick in days["ticks"]] == ["0", "0.5", "1", "1.5", "2", "2.5"]
    assert [bar.shown for bar in days["bars"]] == ["0.5", "2.2", "1.0"]
    tenths = bar_chart(title="Days", labels=MONTHS, values=[0.2, 0.6, 0.3], suppress=False)
    assert [tick.label for tick in tenths["ticks"]] == ["0", "0.2", "0.4", "0.6"]


def test_the_text_is_readable_on_a_phone():
    # The chart is drawn for a column of WIDTH px and scaled down to fit a phone's 360 px column.
    assert FONT_SIZE * 360 / WIDTH >= 13
