//! The `shopchat` command: serves the widget API and the demo shop, or imports a catalog.

use shopchat_server::config::{Command, Settings};
use shopchat_server::{catalog, db, telemetry, Application};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let (settings, command) = Settings::load()?;
    telemetry::init(&settings.log_format);
    match command {
        Command::Serve => Application::build(settings).await?.run_until_stopped().await,
        Command::ImportCatalog { file, shop } => {
            let pool = db::connect(&settings).await?;
            if settings.demo_shop {
                catalog::ensure_demo_shop(&pool).await?;
            }
            let report = catalog::import_file(&pool, &shop, &file).await?;
            println!("{report}");
            Ok(())
        }
    }
}
