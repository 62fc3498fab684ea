import { Migration } from '@mikro-orm/migrations';

/**
 * OGC API – Features' bbox (src/ogc/): a plot's bounding box as a `cube` (lon, lat corners) from its GeoJSON
 * boundary (Polygon or MultiPolygon, src/validation/geo.ts), else its centroid, GiST-indexed so that a map
 * client's bbox request reads only the plots it overlaps (`box && cube(...)`).
 */
export class Migration20261129051000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function soilshare_geo_box(g jsonb, lon double precision, lat double precision) returns cube
      language sql immutable parallel safe set search_path from current as $$
        select case
          when g is null then case when lon is null or lat is null then null else cube(array[lon, lat], array[lon, lat]) end
          else (select cube(array[min((p->>0)::float8), min((p->>1)::float8)], array[max((p->>0)::float8), max((p->>1)::float8)])
                from jsonb_path_query(g, case when g->>'type' = 'MultiPolygon' then '$.coordinates[*][*][*]' else '$.coordinates[*][*]' end::jsonpath) as p)
        end
      $$;`);
    this.addSql(`create index if not exists "plot_geo_box" on "plot" using gist (soilshare_geo_box(boundary, centroid_lon, centroid_lat));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "plot_geo_box";`);
    this.addSql(`drop function if exists soilshare_geo_box(jsonb, double precision, double precision);`);
  }
}
