//! Imports the real Shopify sample CSVs (kept beside the checkout in `shared/data`) into a
//! fresh database and checks what a merchant would look at afterwards.

use std::fs::File;

use shopchat_protocol::Currency;
use shopchat_server::catalog::import::{import_shopify_csv, ImportError, ImportReport};
use shopchat_server::db::DbPool;

const APPAREL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/data/shopify-product-csvs/apparel.csv"
);
const TEMPLATE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/data/shopify-product-template/product_template.csv"
);

/// A migrated database in a temporary directory, holding one USD shop.
struct TestShop {
    pool: DbPool,
    shop_id: i64,
    _dir: tempfile::TempDir,
}

#[derive(Debug, PartialEq, sqlx::FromRow)]
struct ProductRow {
    handle: String,
    title: String,
    vendor: String,
    product_type: String,
    tags: String,
    status: String,
    #[sqlx(try_from = "shopchat_server::db::Flag")]
    published: bool,
    option1_name: Option<String>,
    option2_name: Option<String>,
    image_url: Option<String>,
    image_alt: Option<String>,
    body_html: String,
    body_text: String,
}

#[derive(Debug, PartialEq, sqlx::FromRow)]
struct VariantRow {
    option1: Option<String>,
    option2: Option<String>,
    sku: Option<String>,
    price_minor: i64,
    compare_at_minor: Option<i64>,
    inventory_qty: Option<i64>,
    inventory_policy: String,
    grams: Option<i64>,
    image_url: Option<String>,
}

#[derive(Debug, PartialEq, sqlx::FromRow)]
struct ImageRow {
    src: String,
    alt: Option<String>,
    position: i64,
}

impl TestShop {
    async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let pool = shopchat_test_support::database::TestDatabase::create(dir.path())
            .await
            .connect()
            .await;
        let shop_id = sqlx::query_scalar(
            "insert into shop (public_key, name, currency) \
             values ('pk_test', 'Test Shop', 'USD') returning id",
        )
        .fetch_one(&pool)
        .await
        .expect("insert shop");
        TestShop {
            pool,
            shop_id,
            _dir: dir,
        }
    }

    async fn import(&self, file: File) -> ImportReport {
        import_shopify_csv(&self.pool, self.shop_id, usd(), file)
            .await
            .expect("import succeeds")
    }

    async fn count(&self, table: &str) -> i64 {
        // Table names come from the tests themselves, never from input.
        sqlx::query_scalar(&format!("select count(*) from {table} where shop_id = $1"))
            .bind(self.shop_id)
            .fetch_one(&self.pool)
            .await
            .expect("count rows")
    }

    async fn product(&self, handle: &str) -> ProductRow {
        sqlx::query_as(
            "select handle, title, vendor, product_type, tags, status, published, option1_name, \
                 option2_name, image_url, image_alt, body_html, body_text \
             from product where shop_id = $1 and handle = $2",
        )
        .bind(self.shop_id)
        .bind(handle)
        .fetch_one(&self.pool)
        .await
        .unwrap_or_else(|error| panic!("product {handle}: {error}"))
    }

    async fn product_id(&self, handle: &str) -> i64 {
        sqlx::query_scalar("select id from product where shop_id = $1 and handle = $2")
            .bind(self.shop_id)
            .bind(handle)
            .fetch_one(&self.pool)
            .await
            .unwrap_or_else(|error| panic!("product {handle}: {error}"))
    }

    async fn variants(&self, handle: &str) -> Vec<VariantRow> {
        sqlx::query_as(
            "select v.option1, v.option2, v.sku, v.price_minor, v.compare_at_minor, \
                 v.inventory_qty, v.inventory_policy, v.grams, v.image_url \
             from variant v join product p on p.id = v.product_id \
             where p.shop_id = $1 and p.handle = $2 order by v.position",
        )
        .bind(self.shop_id)
        .bind(handle)
        .fetch_all(&self.pool)
        .await
        .unwrap_or_else(|error| panic!("variants of {handle}: {error}"))
    }

    /// (option1, id) of a product's variants, in position order.
    async fn variant_ids(&self, handle: &str) -> Vec<(String, i64)> {
        sqlx::query_as(
            "select coalesce(v.option1, ''), v.id \
             from variant v join product p on p.id = v.product_id \
             where p.shop_id = $1 and p.handle = $2 order by v.position",
        )
        .bind(self.shop_id)
        .bind(handle)
        .fetch_all(&self.pool)
        .await
        .unwrap_or_else(|error| panic!("variant ids of {handle}: {error}"))
    }

    async fn images(&self, handle: &str) -> Vec<ImageRow> {
        sqlx::query_as(
            "select i.src, i.alt, i.position \
             from product_image i join product p on p.id = i.product_id \
             where p.shop_id = $1 and p.handle = $2 order by i.position",
        )
        .bind(self.shop_id)
        .bind(handle)
        .fetch_all(&self.pool)
        .await
        .unwrap_or_else(|error| panic!("images of {handle}: {error}"))
    }
}

fn usd() -> Currency {
    Currency::parse("USD").expect("USD is a currency")
}

/// Opens a reference file, or says why the test does nothing: the data lives outside
/// the repository and a bare checkout doesn't have it.
fn reference_file(path: &str) -> Option<File> {
    match File::open(path) {
        Ok(file) => Some(file),
        Err(_) => {
            println!("skipping: {path} not found (reference data lives beside the checkout)");
            None
        }
    }
}

#[tokio::test]
async fn apparel_csv_imports_twenty_products_with_their_variants() {
    let Some(file) = reference_file(APPAREL) else {
        return;
    };
    let shop = TestShop::new().await;

    let report = shop.import(file).await;

    assert!(
        report.skipped.is_empty() && report.warnings.is_empty(),
        "{report}"
    );
    assert!(
        report
            .to_string()
            .starts_with("Imported 20 products (22 variants, 20 images)."),
        "{report}"
    );
    assert_eq!(shop.count("product").await, 20);
    // 19 single-variant products plus Classic Varsity Top in three sizes.
    assert_eq!(shop.count("variant").await, 22);
    assert_eq!(shop.count("product_image").await, 20);

    let shirt = shop.product("ocean-blue-shirt").await;
    assert_eq!(shirt.title, "Ocean Blue Shirt");
    assert_eq!(shirt.vendor, "partners-demo");
    assert_eq!(shirt.tags, "men");
    assert_eq!((shirt.status.as_str(), shirt.published), ("active", true));
    assert_eq!(
        shirt.image_url.as_deref(),
        Some("https://burst.shopifycdn.com/photos/young-man-in-bright-fashion_925x.jpg")
    );
    assert!(
        shirt
            .body_text
            .starts_with("Ocean blue cotton shirt with a narrow collar"),
        "{}",
        shirt.body_text
    );

    let variants = shop.variants("ocean-blue-shirt").await;
    assert_eq!(variants.len(), 1);
    assert_eq!(variants[0].option1.as_deref(), Some("Default Title"));
    assert_eq!(
        (variants[0].price_minor, variants[0].compare_at_minor),
        (5000, None)
    );
    // apparel.csv leaves Variant Inventory Tracker empty: Shopify doesn't count its stock.
    assert_eq!(variants[0].inventory_qty, None);

    let varsity = shop.variants("classic-varsity-top").await;
    let sizes: Vec<(Option<&str>, i64)> = varsity
        .iter()
        .map(|variant| (variant.option1.as_deref(), variant.price_minor))
        .collect();
    assert_eq!(
        sizes,
        [
            (Some("Small"), 6000),
            (Some("Medium"), 6000),
            (Some("Large"), 6000)
        ]
    );
}

#[tokio::test]
async fn product_template_csv_imports_three_products_with_their_options_stock_and_statuses() {
    let Some(file) = reference_file(TEMPLATE) else {
        return;
    };
    let shop = TestShop::new().await;

    let report = shop.import(file).await;

    // The spreadsheet-mangled barcodes (3.65275E+11) are ignored without a fuss.
    assert!(
        report.skipped.is_empty() && report.warnings.is_empty(),
        "{report}"
    );
    assert_eq!(
        (
            report.products_imported,
            report.variants_imported,
            report.images_imported
        ),
        (3, 16, 11),
        "{report}"
    );
    let handles: Vec<String> =
        sqlx::query_scalar("select handle from product where shop_id = $1 order by id")
            .bind(shop.shop_id)
            .fetch_all(&shop.pool)
            .await
            .expect("handles");
    assert_eq!(handles, ["example-shirt", "example-pants", "example-hat"]);

    let shirt = shop.product("example-shirt").await;
    assert_eq!(shirt.title, "Example T-Shirt");
    assert_eq!(shirt.product_type, "Shirts");
    assert_eq!(shirt.tags, "Made to Order, Shirt Tag");
    assert_eq!((shirt.status.as_str(), shirt.published), ("active", true));
    assert_eq!(
        (shirt.option1_name.as_deref(), shirt.option2_name.as_deref()),
        (Some("Color"), Some("Size"))
    );
    assert_eq!(
        shirt.image_url.as_deref(),
        Some("https://burst.shopifycdn.com/photos/tshirts.jpg?width=1500")
    );
    assert_eq!(shirt.image_alt.as_deref(), Some("A rack of T-Shirts"));
    assert!(
        shirt
            .body_html
            .starts_with("<p>This t-shirt is as simple as it gets."),
        "{}",
        shirt.body_html
    );
    assert!(
        shirt.body_text.starts_with("This t-shirt is as simple") && !shirt.body_text.contains('<'),
        "{}",
        shirt.body_text
    );

    let shirt_variants = shop.variants("example-shirt").await;
    let mut combinations: Vec<(&str, &str)> = shirt_variants
        .iter()
        .filter_map(|v| Some((v.option1.as_deref()?, v.option2.as_deref()?)))
        .collect();
    assert_eq!(combinations.len(), 12);
    combinations.sort_unstable();
    combinations.dedup();
    assert_eq!(combinations.len(), 12, "4 colours × 3 sizes, each once");
    let blue_small = shirt_variants
        .iter()
        .find(|v| v.option1.as_deref() == Some("Blue") && v.option2.as_deref() == Some("S"))
        .expect("Blue / S");
    assert_eq!(blue_small.sku.as_deref(), Some("SRT_COT_211"));
    assert_eq!(
        (blue_small.price_minor, blue_small.grams),
        (2500, Some(145))
    );
    // The shirts' tracker column is empty: untracked, so the 0 in the file doesn't mean sold out.
    assert_eq!(blue_small.inventory_qty, None);
    assert_eq!(
        blue_small.image_url.as_deref(),
        Some("https://burst.shopifycdn.com/photos/cobalt-blue-t-shirt.jpg?width=1500")
    );
    assert_eq!(shop.images("example-shirt").await.len(), 6);

    let pants = shop.product("example-pants").await;
    assert_eq!((pants.status.as_str(), pants.published), ("draft", false));
    assert_eq!(pants.tags, "Original, Pants Tag");
    // The jeans' weights are stored in grams and only displayed in ounces: 8, 10 and 14 oz.
    let pants_variants: Vec<_> = shop
        .variants("example-pants")
        .await
        .into_iter()
        .map(|v| {
            (
                v.option1,
                v.price_minor,
                v.compare_at_minor,
                v.inventory_qty,
                v.grams,
            )
        })
        .collect();
    assert_eq!(
        pants_variants,
        [
            (Some("28".to_owned()), 9500, Some(6495), Some(20), Some(227)),
            (Some("30".to_owned()), 9500, Some(6495), Some(15), Some(283)),
            (Some("40".to_owned()), 9500, Some(6495), Some(10), Some(397)),
        ]
    );
    let pants_images = shop.images("example-pants").await;
    assert_eq!(
        pants_images.len(),
        4,
        "three variant rows and one image-only row"
    );
    assert_eq!(
        pants_images[3],
        ImageRow {
            src: "https://burst.shopifycdn.com/photos/female-fashion-model-poses-in-city-street.jpg?width=1500"
                .to_owned(),
            alt: Some("Large tapered stone wash jeans".to_owned()),
            position: 4,
        }
    );

    let hat = shop.product("example-hat").await;
    assert_eq!((hat.status.as_str(), hat.published), ("archived", false));
    assert_eq!(
        shop.variants("example-hat").await,
        [VariantRow {
            option1: Some("Default Title".to_owned()),
            option2: None,
            sku: Some("HAT_GRY_275".to_owned()),
            price_minor: 1799,
            compare_at_minor: Some(2299),
            inventory_qty: Some(50),
            inventory_policy: "deny".to_owned(),
            grams: Some(72),
            image_url: None,
        }]
    );
}

#[tokio::test]
async fn reimporting_the_same_file_duplicates_nothing_and_keeps_product_ids() {
    let (Some(first), Some(second)) = (reference_file(TEMPLATE), reference_file(TEMPLATE)) else {
        return;
    };
    let shop = TestShop::new().await;
    shop.import(first).await;
    let shirt = shop.product_id("example-shirt").await;
    let shirt_variants = shop.variant_ids("example-shirt").await;

    let report = shop.import(second).await;

    assert_eq!(report.products_imported, 3, "{report}");
    assert_eq!(shop.count("product").await, 3);
    assert_eq!(shop.count("variant").await, 16);
    assert_eq!(shop.count("product_image").await, 11);
    assert_eq!(shop.product_id("example-shirt").await, shirt);
    assert_eq!(shop.variant_ids("example-shirt").await, shirt_variants);
}

#[tokio::test]
async fn a_reimport_replaces_a_products_variants_and_images_with_the_files() {
    let shop = TestShop::new().await;
    let before = "Handle,Title,Option1 Name,Option1 Value,Variant Price,Image Src\n\
                  mug,Mug,Size,Small,12,https://cdn.example/mug.jpg\n\
                  mug,,,Large,15,https://cdn.example/mug-large.jpg\n";
    let after = "Handle,Title,Option1 Name,Option1 Value,Variant Price,Image Src\n\
                 mug,Big Mug,Size,Large,16.50,\n";
    import_shopify_csv(&shop.pool, shop.shop_id, usd(), before.as_bytes())
        .await
        .expect("first import");

    let report = import_shopify_csv(&shop.pool, shop.shop_id, usd(), after.as_bytes())
        .await
        .expect("second import");

    assert_eq!(
        (report.products_imported, report.variants_imported),
        (1, 1),
        "{report}"
    );
    let mug = shop.product("mug").await;
    assert_eq!((mug.title.as_str(), mug.image_url), ("Big Mug", None));
    let variants = shop.variants("mug").await;
    assert_eq!(variants.len(), 1);
    assert_eq!(
        (variants[0].option1.as_deref(), variants[0].price_minor),
        (Some("Large"), 1650)
    );
    assert_eq!(shop.count("product_image").await, 0);
}

#[tokio::test]
async fn a_reimport_keeps_variant_ids_and_updates_prices() {
    let shop = TestShop::new().await;
    // Option2 and Option3 stay empty, so matching has to treat NULL as equal to NULL.
    let before = "Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price\n\
                  mug,Mug,Size,Small,MUG-S,12\n\
                  mug,,,Medium,MUG-M,14\n\
                  mug,,,Large,MUG-L,15\n";
    // Medium is gone, Large costs more (and has a new SKU), Huge is new, and the order changed.
    let after = "Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price\n\
                 mug,Mug,Size,Large,MUG-L2,16.50\n\
                 mug,,,Small,MUG-S,12\n\
                 mug,,,Huge,MUG-H,20\n";
    import_shopify_csv(&shop.pool, shop.shop_id, usd(), before.as_bytes())
        .await
        .expect("first import");
    let ids_before = shop.variant_ids("mug").await;
    let id_of = |ids: &[(String, i64)], size: &str| {
        ids.iter()
            .find(|(option1, _)| option1 == size)
            .map(|(_, id)| *id)
    };

    let report = import_shopify_csv(&shop.pool, shop.shop_id, usd(), after.as_bytes())
        .await
        .expect("second import");

    assert_eq!(
        (report.products_imported, report.variants_imported),
        (1, 3),
        "{report}"
    );
    let ids_after = shop.variant_ids("mug").await;
    assert_eq!(id_of(&ids_after, "Small"), id_of(&ids_before, "Small"));
    assert_eq!(id_of(&ids_after, "Large"), id_of(&ids_before, "Large"));
    assert_eq!(id_of(&ids_after, "Medium"), None, "{ids_after:?}");
    let medium = id_of(&ids_before, "Medium").expect("Medium was imported");
    let medium_left: i64 = sqlx::query_scalar("select count(*) from variant where id = $1")
        .bind(medium)
        .fetch_one(&shop.pool)
        .await
        .expect("count");
    assert_eq!(medium_left, 0);
    let huge = id_of(&ids_after, "Huge").expect("Huge was added");
    assert!(!ids_before.iter().any(|(_, id)| *id == huge));
    let variants: Vec<_> = shop
        .variants("mug")
        .await
        .into_iter()
        .map(|v| (v.option1, v.sku, v.price_minor))
        .collect();
    assert_eq!(
        variants,
        [
            (Some("Large".to_owned()), Some("MUG-L2".to_owned()), 1650),
            (Some("Small".to_owned()), Some("MUG-S".to_owned()), 1200),
            (Some("Huge".to_owned()), Some("MUG-H".to_owned()), 2000),
        ],
        "in the new file's order"
    );
    assert_eq!(shop.count("variant").await, 3);
}

#[tokio::test]
async fn importing_into_a_shop_that_does_not_exist_is_refused() {
    let shop = TestShop::new().await;
    let csv = "Handle,Title,Variant Price\nmug,Mug,12\n";

    let result = import_shopify_csv(&shop.pool, shop.shop_id + 1, usd(), csv.as_bytes()).await;

    assert!(
        matches!(result, Err(ImportError::UnknownShop(id)) if id == shop.shop_id + 1),
        "{result:?}"
    );
    assert_eq!(shop.count("product").await, 0);
}

#[tokio::test]
async fn the_bundled_demo_catalog_imports_without_skipping_anything() {
    // The demo shop is built from this file at start-up, so it must import cleanly.
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/demo/catalog.csv");
    let file = File::open(path).expect("the demo catalog is part of the repository");
    let shop = TestShop::new().await;

    let report = shop.import(file).await;

    assert!(report.products_imported > 0, "{report}");
    assert!(
        report.skipped.is_empty() && report.warnings.is_empty(),
        "{report}"
    );
}
