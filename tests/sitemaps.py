"""Reading the whole sitemap as a crawler does: the index at /sitemap.xml, then every file it names."""
import re
from urllib.parse import urlsplit


def sitemap_text(client) -> str:
    """Every file the sitemap index names, joined."""
    index = client.get("/sitemap.xml").get_data(as_text=True)
    return "".join(client.get(urlsplit(loc).path).get_data(as_text=True)
                   for loc in re.findall(r"<loc>([^<]+)</loc>", index))
