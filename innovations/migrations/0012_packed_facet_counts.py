"""Packed facet counts: stored columns, generated from the facet columns, that carry each entry's facet
options as bits of a few numbers, so that counting every option over a search's matching rows is a few
sums (portal.search.engine, Catalogue.packed). Written out from INNOVATION_CATALOGUE.packed_sql(); a test
checks the table's columns still hold what the catalogue's configuration says."""

from django.db import migrations

COLUMNS = [
    (
        "facet_counts_stage_0",
        "(CASE WHEN stage = 'test' THEN 1 ELSE 0 END)::bigint + (CASE WHEN stage = 'prove' THEN 2097152 ELSE 0 END)::bigint + (CASE WHEN stage = 'grow' THEN 4398046511104 ELSE 0 END)::bigint",
    ),
    ("facet_counts_stage_1", "(CASE WHEN stage = 'adopt' THEN 1 ELSE 0 END)::bigint"),
    (
        "facet_counts_evidence_level_0",
        "(CASE WHEN evidence_level = 1 THEN 1 ELSE 0 END)::bigint + (CASE WHEN evidence_level = 2 THEN 2097152 ELSE 0 END)::bigint + (CASE WHEN evidence_level = 3 THEN 4398046511104 ELSE 0 END)::bigint",
    ),
    (
        "facet_counts_evidence_level_1",
        "(CASE WHEN evidence_level = 4 THEN 1 ELSE 0 END)::bigint + (CASE WHEN evidence_level = 5 THEN 2097152 ELSE 0 END)::bigint",
    ),
    (
        "facet_counts_theme_0",
        "(CASE WHEN (theme_bits & 1) <> 0 THEN 1 ELSE 0 END)::bigint + (CASE WHEN (theme_bits & 2) <> 0 THEN 2097152 ELSE 0 END)::bigint + (CASE WHEN (theme_bits & 4) <> 0 THEN 4398046511104 ELSE 0 END)::bigint",
    ),
    (
        "facet_counts_theme_1",
        "(CASE WHEN (theme_bits & 8) <> 0 THEN 1 ELSE 0 END)::bigint + (CASE WHEN (theme_bits & 16) <> 0 THEN 2097152 ELSE 0 END)::bigint + (CASE WHEN (theme_bits & 32) <> 0 THEN 4398046511104 ELSE 0 END)::bigint",
    ),
    (
        "facet_counts_theme_2",
        "(CASE WHEN (theme_bits & 64) <> 0 THEN 1 ELSE 0 END)::bigint + (CASE WHEN (theme_bits & 128) <> 0 THEN 2097152 ELSE 0 END)::bigint",
    ),
    (
        "facet_counts_policy_area_0",
        "(CASE WHEN (policy_bits & 1) <> 0 THEN 1 ELSE 0 END)::bigint + (CASE WHEN (policy_bits & 2) <> 0 THEN 2097152 ELSE 0 END)::bigint + (CASE WHEN (policy_bits & 4) <> 0 THEN 4398046511104 ELSE 0 END)::bigint",
    ),
    (
        "facet_counts_policy_area_1",
        "(CASE WHEN (policy_bits & 8) <> 0 THEN 1 ELSE 0 END)::bigint + (CASE WHEN (policy_bits & 16) <> 0 THEN 2097152 ELSE 0 END)::bigint + (CASE WHEN (policy_bits & 32) <> 0 THEN 4398046511104 ELSE 0 END)::bigint",
    ),
    (
        "facet_counts_policy_area_2",
        "(CASE WHEN (policy_bits & 64) <> 0 THEN 1 ELSE 0 END)::bigint + (CASE WHEN (policy_bits & 128) <> 0 THEN 2097152 ELSE 0 END)::bigint + (CASE WHEN (policy_bits & 256) <> 0 THEN 4398046511104 ELSE 0 END)::bigint",
    ),
    (
        "facet_counts_policy_area_3",
        "(CASE WHEN (policy_bits & 512) <> 0 THEN 1 ELSE 0 END)::bigint + (CASE WHEN (policy_bits & 1024) <> 0 THEN 2097152 ELSE 0 END)::bigint + (CASE WHEN (policy_bits & 2048) <> 0 THEN 4398046511104 ELSE 0 END)::bigint",
    ),
    (
        "facet_counts_policy_area_4",
        "(CASE WHEN (policy_bits & 4096) <> 0 THEN 1 ELSE 0 END)::bigint + (CASE WHEN (policy_bits & 8192) <> 0 THEN 2097152 ELSE 0 END)::bigint + (CASE WHEN (policy_bits & 16384) <> 0 THEN 4398046511104 ELSE 0 END)::bigint",
    ),
    (
        "facet_counts_policy_area_5",
        "(CASE WHEN (policy_bits & 32768) <> 0 THEN 1 ELSE 0 END)::bigint + (CASE WHEN (policy_bits & 65536) <> 0 THEN 2097152 ELSE 0 END)::bigint + (CASE WHEN (policy_bits & 131072) <> 0 THEN 4398046511104 ELSE 0 END)::bigint",
    ),
    (
        "facet_counts_policy_area_6",
        "(CASE WHEN (policy_bits & 262144) <> 0 THEN 1 ELSE 0 END)::bigint + (CASE WHEN (policy_bits & 524288) <> 0 THEN 2097152 ELSE 0 END)::bigint + (CASE WHEN (policy_bits & 1048576) <> 0 THEN 4398046511104 ELSE 0 END)::bigint",
    ),
    (
        "facet_counts_policy_area_7",
        "(CASE WHEN (policy_bits & 2097152) <> 0 THEN 1 ELSE 0 END)::bigint + (CASE WHEN (policy_bits & 4194304) <> 0 THEN 2097152 ELSE 0 END)::bigint + (CASE WHEN (policy_bits & 8388608) <> 0 THEN 4398046511104 ELSE 0 END)::bigint",
    ),
    (
        "facet_counts_organisation_type_0",
        "(CASE WHEN organisation_type = 'central_government' THEN 1 ELSE 0 END)::bigint + (CASE WHEN organisation_type = 'arms_length_body' THEN 2097152 ELSE 0 END)::bigint + (CASE WHEN organisation_type = 'local_authority' THEN 4398046511104 ELSE 0 END)::bigint",
    ),
    (
        "facet_counts_organisation_type_1",
        "(CASE WHEN organisation_type = 'nhs' THEN 1 ELSE 0 END)::bigint + (CASE WHEN organisation_type = 'police_fire' THEN 2097152 ELSE 0 END)::bigint + (CASE WHEN organisation_type = 'education' THEN 4398046511104 ELSE 0 END)::bigint",
    ),
    (
        "facet_counts_organisation_type_2",
        "(CASE WHEN organisation_type = 'third_sector' THEN 1 ELSE 0 END)::bigint + (CASE WHEN organisation_type = 'private_sector' THEN 2097152 ELSE 0 END)::bigint + (CASE WHEN organisation_type = 'academia' THEN 4398046511104 ELSE 0 END)::bigint",
    ),
    (
        "facet_counts_organisation_type_3",
        "(CASE WHEN organisation_type = 'international' THEN 1 ELSE 0 END)::bigint",
    ),
    (
        "facet_counts_region_0",
        "(CASE WHEN region = 'north_east' THEN 1 ELSE 0 END)::bigint + (CASE WHEN region = 'north_west' THEN 2097152 ELSE 0 END)::bigint + (CASE WHEN region = 'yorkshire_humber' THEN 4398046511104 ELSE 0 END)::bigint",
    ),
    (
        "facet_counts_region_1",
        "(CASE WHEN region = 'east_midlands' THEN 1 ELSE 0 END)::bigint + (CASE WHEN region = 'west_midlands' THEN 2097152 ELSE 0 END)::bigint + (CASE WHEN region = 'east' THEN 4398046511104 ELSE 0 END)::bigint",
    ),
    (
        "facet_counts_region_2",
        "(CASE WHEN region = 'london' THEN 1 ELSE 0 END)::bigint + (CASE WHEN region = 'south_east' THEN 2097152 ELSE 0 END)::bigint + (CASE WHEN region = 'south_west' THEN 4398046511104 ELSE 0 END)::bigint",
    ),
    (
        "facet_counts_region_3",
        "(CASE WHEN region = 'scotland' THEN 1 ELSE 0 END)::bigint + (CASE WHEN region = 'wales' THEN 2097152 ELSE 0 END)::bigint + (CASE WHEN region = 'northern_ireland' THEN 4398046511104 ELSE 0 END)::bigint",
    ),
    (
        "facet_counts_region_4",
        "(CASE WHEN region = 'uk_wide' THEN 1 ELSE 0 END)::bigint + (CASE WHEN region = 'international' THEN 2097152 ELSE 0 END)::bigint",
    ),
    (
        "facet_counts_cost_band_0",
        "(CASE WHEN cost_band = 1 THEN 1 ELSE 0 END)::bigint + (CASE WHEN cost_band = 2 THEN 2097152 ELSE 0 END)::bigint + (CASE WHEN cost_band = 3 THEN 4398046511104 ELSE 0 END)::bigint",
    ),
    (
        "facet_counts_cost_band_1",
        "(CASE WHEN cost_band = 4 THEN 1 ELSE 0 END)::bigint + (CASE WHEN cost_band = 5 THEN 2097152 ELSE 0 END)::bigint",
    ),
    (
        "facet_counts_award_0",
        "(CASE WHEN (award_bits & 1) <> 0 THEN 1 ELSE 0 END)::bigint + (CASE WHEN (award_bits & 2) <> 0 THEN 2097152 ELSE 0 END)::bigint + (CASE WHEN (award_bits & 4) <> 0 THEN 4398046511104 ELSE 0 END)::bigint",
    ),
    ("facet_counts_adopted_0", "(CASE WHEN (adoption_count > 0) THEN 1 ELSE 0 END)::bigint"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0011_phrase_pairs"),
    ]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE innovations_catalogueentry "
            + ", ".join(
                f"ADD COLUMN {name} bigint GENERATED ALWAYS AS ({expression}) STORED"
                for name, expression in COLUMNS
            ),
            "ALTER TABLE innovations_catalogueentry "
            + ", ".join(f"DROP COLUMN {name}" for name, _ in COLUMNS),
        ),
    ]
