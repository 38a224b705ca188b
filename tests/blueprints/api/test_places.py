"""Place suggestions and search origins come from the gazetteer folder the deployment configures."""
from ...conftest import make_app

HEADER_LOCAL = "name,kind,lat,lng,aliases,city\n"
HEADER_CITIES = "name,country_code,country,admin1,lat,lng,population,alternates\n"


def test_places_are_suggested_from_the_configured_gazetteer_folder(empty_database_url, tmp_path):
    (tmp_path / "karachi.csv").write_text(HEADER_LOCAL + "Zzyzx Garden,neighbourhood,24.8100,67.0200,,Karachi\n")
    (tmp_path / "pakistan.csv").write_text(HEADER_LOCAL)
    (tmp_path / "cities.csv").write_text(HEADER_CITIES + "Karachi,PK,Pakistan,Sindh,24.8608,67.0104,11624219,\n")
    default = make_app(empty_database_url).test_client()
    assert default.get("/api/v1/places?q=zzyzx").json["items"] == []
    assert "We could not find" in default.get("/search/?near=Zzyzx%20Garden").get_data(as_text=True)

    custom = make_app(empty_database_url, GAZETTEER_FOLDER=str(tmp_path)).test_client()
    items = custom.get("/api/v1/places?q=zzyzx").json["items"]
    assert [item["label"] for item in items] == ["Zzyzx Garden, Karachi"]
    assert "We could not find" not in custom.get("/search/?near=Zzyzx%20Garden").get_data(as_text=True)
