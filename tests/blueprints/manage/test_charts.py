"""Owner charts: weekly counts drawn as server-side SVG bars, the change on the previous period, a table each."""
import re
from datetime import timedelta

from flask_babel import force_locale

from directory import insights_buffer
from directory.blueprints.manage.charts import chart, nice_top
from directory.extensions import db
from directory.models import CenterWeeklyStats
from directory.services.insights import Week, trends

from ...reviewing import sign_in


def test_axis_tops_are_round_numbers():
    assert [nice_top(n) for n in (0, 3, 4, 7, 11, 20, 21, 480, 5001)] == [5, 5, 5, 10, 20, 20, 50, 500, 10000]


def test_the_overview_draws_a_chart_per_count_with_its_change_and_table(client, auth, factories):
    center = factories.center()
    this_week = insights_buffer.this_week()
    views = {0: 7, 1: 40, 2: 30, 3: 20, 4: 10, 5: 10, 6: 10, 7: 10, 8: 20}  # weeks ago -> page views
    db.session.add_all(CenterWeeklyStats(center_id=center.id, week_start=this_week - timedelta(weeks=ago),
                                         page_views=n, search_appearances=0, contact_clicks=ago % 2)
                       for ago, n in views.items())
    db.session.commit()
    sign_in(auth, factories.manager(center))
    html = client.get(f"/manage/centers/{center.slug}").get_data(as_text=True)
    assert html.count('<svg class="bar-chart"') == 3 and "<script" not in html.split("insight-charts")[1][:20000]
    page_views = html.split('id="chart-page_views-title"')[1].split("</figure>")[0]
    assert "<strong>100</strong>" in page_views  # 40 + 30 + 20 + 10: the last four complete weeks
    assert "Up <bdi>100%</bdi> on the 4 weeks before (<bdi>50</bdi>)." in page_views  # 10 + 10 + 10 + 20
    heights = [float(h) for h in re.findall(r'<rect class="bar[^"]*" [^>]*height="([\d.]+)"', page_views)]
    assert len(heights) == 8 and max(heights) == heights[-2]  # 40, the week before this one, is the tallest
    assert '<rect class="bar running"' in page_views
    assert 'role="img" aria-labelledby="chart-page_views-title" aria-describedby="chart-page_views-table"' \
        in page_views
    rows = re.findall(r'<tr><th scope="row">[^<]*(?:<span[^>]*>[^<]*</span>)?</th><td class="num">(\d+)</td></tr>',
                      page_views)
    assert rows == ["7", "40", "30", "20", "10", "10", "10", "10"]  # newest first, this week included
    searches = html.split('id="chart-search_appearances-title"')[1].split("</figure>")[0]
    assert "Nothing counted yet." in searches
    clicks = html.split('id="chart-contact_clicks-title"')[1].split("</figure>")[0]
    assert "The same as the 4 weeks before." in clicks  # 1, 0, 1, 0 against 1, 0, 1, 0


def test_long_week_labels_go_on_every_other_bar(app):
    weeks = [Week(insights_buffer.this_week() - timedelta(weeks=n), page_views=n) for n in range(8)]
    with app.test_request_context():
        with force_locale("en"):
            assert all(bar.labelled for bar in chart(trends(weeks)[0]).bars)  # "12 Oct" fits under every bar
        with force_locale("ur"):
            bars = chart(trends(weeks)[0]).bars  # Urdu month names are long: this week, then every other one
            assert [bar.labelled for bar in bars] == [False, True] * 4
