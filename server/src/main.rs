//! The `shopchat` command: serves the widget API and the demo shop, migrates the database,
//! imports a catalog, prints
//! a shop's secrets, rotates the key that seals them, runs an offline evaluation or trains the
//! intent classifier.

use anyhow::Context;
use shopchat_server::cli::{self, Command, EvalCommand, TrainCommand};
use shopchat_server::config::Settings;
use shopchat_server::http::admin;
use shopchat_server::{catalog, conversations, db, eval, sealed, telemetry, Application};

/// mimalloc instead of the system's allocator: a turn allocates many small, short-lived
/// strings on several threads at once, where glibc's malloc spent a tenth of a turn's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let (settings, command) = cli::load()?;
    telemetry::init(&settings.log_format);
    match command {
        Command::Serve => {
            Application::build(settings)
                .await?
                .run_until_stopped()
                .await
        }
        Command::Migrate => {
            let report = db::migrate(&settings.database_url).await?;
            println!("{report}");
            Ok(())
        }
        Command::ImportCatalog { file, shop } => {
            let (pool, _) = open_database(&settings).await?;
            let report = catalog::import_file(&pool, &shop, &file).await?;
            println!("{report}");
            Ok(())
        }
        Command::AdminToken { shop } => {
            let (pool, _) = open_database(&settings).await?;
            match admin::issue_token(&pool, &shop).await? {
                Some(token) => {
                    println!("Admin API token for shop {shop:?} (shown once; it replaces any earlier one):");
                    println!("{token}");
                    Ok(())
                }
                None => anyhow::bail!("no shop has the key {shop:?}"),
            }
        }
        Command::IdentitySecret { shop, rotate } => {
            let (pool, secrets) = open_database(&settings).await?;
            let secret = if rotate {
                conversations::identity::rotate_identity_secret(&pool, &secrets, &shop).await?
            } else {
                conversations::identity::identity_secret(&pool, &secrets, &shop).await?
            };
            match secret {
                Some(secret) => {
                    println!("Identity secret for shop {shop:?} (sign customer ids with it on your server or in your theme's settings; never put it in a page):");
                    println!("{secret}");
                    Ok(())
                }
                None => anyhow::bail!("no shop has the key {shop:?}"),
            }
        }
        Command::RotateSecretKey => {
            let pool = db::connect(&settings.database_url).await?;
            sealed::store::rotate(
                settings.secret_key.as_ref(),
                &settings.data_dir,
                &pool,
                &mut std::io::stdout(),
            )
            .await
        }
        Command::Eval {
            what: EvalCommand::Intents { file },
        } => {
            // Only unreadable input fails the command; a low score is a result, not an error.
            let reader = std::fs::File::open(&file)
                .with_context(|| format!("opening {}", file.display()))?;
            let report = eval::evaluate_intents(std::io::BufReader::new(reader))
                .with_context(|| format!("reading {}", file.display()))?;
            println!("{report}");
            Ok(())
        }
        Command::Eval {
            what: EvalCommand::Simulate { files, shop },
        } => {
            let report = eval::simulate::run_command(&settings, &files, shop.as_deref()).await?;
            println!("{report}");
            Ok(())
        }
        Command::Eval {
            what: EvalCommand::Explain { messages, catalog },
        } => {
            let vocabulary = match &catalog {
                Some(path) => Some(eval::explain::catalog_vocabulary(path)?),
                None => None,
            };
            for message in &messages {
                let mut u = shopchat_server::nlu::understand(message, 2);
                if let Some(vocabulary) = &vocabulary {
                    shopchat_server::nlu::ground(&mut u, vocabulary, message);
                }
                println!(
                    "{message}\n  {:?} {:.2} (or {:?}) terms {:?} wanted {:?} budget {:?}..{:?} colour {:?} size {:?} attribute {:?} refinement {:?} gift {} for {:?} age {:?} language {:?} cues {:?} described {:?} excluded {:?} unsold {:?}",
                    u.intent,
                    u.confidence,
                    u.alternative,
                    u.slots.product_terms,
                    u.slots.head_terms,
                    u.slots.budget_min,
                    u.slots.budget_max,
                    u.slots.colour,
                    u.slots.size,
                    u.slots.product_attribute,
                    u.slots.refinement,
                    u.slots.gift,
                    u.slots.recipient,
                    u.slots.age,
                    u.language,
                    shopchat_server::nlu::said_cues(message),
                    u.slots.described,
                    u.slots.excluded,
                    u.slots.unsold
                );
            }
            Ok(())
        }
        Command::Train {
            what:
                TrainCommand::Intents {
                    out,
                    data,
                    bilingual,
                },
        } => {
            let out = out.unwrap_or_else(|| data.join("model.bin"));
            let report = eval::train::train_intents(&data, &bilingual, &out)?;
            println!("{report}");
            Ok(())
        }
    }
}

/// The database as the server would find it: migrated, with the demo shop when it is on, and
/// every secret sealed with the key this returns.
async fn open_database(settings: &Settings) -> anyhow::Result<(db::DbPool, sealed::SealingKey)> {
    let pool = db::connect(&settings.database_url).await?;
    if settings.demo_shop {
        catalog::ensure_demo_shop(&pool).await?;
    }
    let secrets = sealed::store::prepare(settings.secret_key.as_ref(), &settings.data_dir, &pool)
        .await
        .context("the secret key")?;
    Ok((pool, secrets))
}
