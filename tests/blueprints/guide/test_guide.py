"""The massage guide renders every type with its cautions and the centers offering it, on the sample data."""




def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


def test_guide_lists_every_type_with_cautions(seeded_client):
    html = page(seeded_client, "/guide/")
    for name in ("Swedish", "Deep Tissue", "Myofascial Release", "Trigger Point", "Thai", "Sports", "Hot Stone",
                 "Prenatal", "Reflexology"):
        assert name in html
    assert "When to ask a doctor first" in html and "What our badges mean" in html


def test_guide_type_page_lists_centers_offering_it(seeded_client):
    html = page(seeded_client, "/guide/deep-tissue")
    assert "Cautions" in html and "Often chosen for" in html
    assert "Centers offering Deep Tissue" in html and "/centers/" in html


def test_unknown_guide_entry_is_404(seeded_client):
    page(seeded_client, "/guide/no-such-massage", status=404)
