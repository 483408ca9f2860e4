use std::collections::HashMap;

use super::*;
use crate::entity::EntityType;
use crate::policy::Action;

fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |k: &str| map.get(k).cloned()
}

const HASH_A: &str = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";
const HASH_B: &str = "fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9";

#[test]
fn embedded_default_matches_design() {
    let c = Config::embedded_default();
    assert_eq!(c.listen, vec!["127.0.0.1:8080".parse().unwrap()]);
    assert_eq!(c.upstreams.openai.to_string(), "https://api.openai.com");
    assert_eq!(
        c.upstreams.anthropic.to_string(),
        "https://api.anthropic.com"
    );
    assert_eq!(c.auth, AuthMode::PassThrough);
    assert_eq!(c.tenants.len(), 1);
    assert_eq!(c.tenants[0].id.as_str(), "default");
    assert!(matches!(c.vault, VaultConfig::Memory { .. }));
    assert_eq!(c.limits.max_body_bytes, 8 * 1024 * 1024);
    // No file and an empty environment give the same thing.
    let loaded = Config::load_with(None, &env_of(&[])).unwrap();
    assert_eq!(loaded.listen, c.listen);
    assert_eq!(loaded.auth, c.auth);
}

#[test]
fn env_overrides_win_over_the_file() {
    let env = env_of(&[
        ("VEIL_LISTEN", "0.0.0.0:9000,127.0.0.1:9001"),
        ("VEIL_OPENAI_UPSTREAM", "http://127.0.0.1:7001"),
        ("VEIL_ANTHROPIC_UPSTREAM", "http://localhost:7002/prefix"),
        ("VEIL_REDIS_URL", "redis://127.0.0.1:7379"),
        ("VEIL_MASTER_KEY", &"ab".repeat(32)),
    ]);
    let c = Config::from_toml(
        "listen = \"127.0.0.1:1\"\n[upstreams]\nopenai = \"https://api.openai.com\"\n",
        &env,
    )
    .unwrap();
    assert_eq!(c.listen.len(), 2);
    assert_eq!(c.listen[0].port(), 9000);
    assert_eq!(c.upstreams.openai.to_string(), "http://127.0.0.1:7001");
    assert_eq!(
        c.upstreams.anthropic.to_string(),
        "http://localhost:7002/prefix"
    );
    match &c.vault {
        VaultConfig::Redis { urls, prefix, .. } => {
            assert_eq!(urls, &vec!["redis://127.0.0.1:7379".to_owned()]);
            assert_eq!(prefix, "veil");
        }
        other => panic!("expected redis, got {other:?}"),
    }
    assert_eq!(c.master_key.unwrap().expose(), &[0xab; 32]);
}

#[test]
fn veil_config_names_the_file() {
    let dir = std::env::temp_dir().join(format!("veil-config-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("veil.toml");
    std::fs::write(&path, "listen = \"127.0.0.1:5555\"\n").unwrap();
    let env = env_of(&[("VEIL_CONFIG", path.to_str().unwrap())]);
    let c = Config::load_with(None, &env).unwrap();
    assert_eq!(c.listen[0].port(), 5555);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn redis_without_master_key_is_refused() {
    let env = env_of(&[("VEIL_REDIS_URL", "redis://127.0.0.1:7379")]);
    let err = Config::from_toml("", &env).unwrap_err().to_string();
    assert!(err.starts_with("master_key:"), "{err}");
    assert!(err.contains("VEIL_MASTER_KEY"), "{err}");
}

#[test]
fn unknown_field_error_names_field_and_line() {
    let err = Config::from_toml(
        "listen = \"127.0.0.1:1\"\n\n[limits]\nmax_body = 5\n",
        &env_of(&[]),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("unknown field `max_body`"), "{err}");
    assert!(err.starts_with("config:4:"), "{err}");
    let err = Config::from_toml("[[tenants]]\nid = \"a\"\nkey = \"x\"\n", &env_of(&[]))
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown field `key`"), "{err}");
}

#[test]
fn parse_errors_do_not_quote_values() {
    let err = Config::from_toml(
        "[limits]\nmax_body_bytes = \"sk-live-secret\"\n",
        &env_of(&[]),
    )
    .unwrap_err()
    .to_string();
    assert!(!err.contains("sk-live-secret"), "{err}");
    assert!(err.contains("config:2"), "{err}");
}

#[test]
fn tenants_policies_and_keys_are_validated_with_field_names() {
    let toml = format!(
        r#"
[[tenants]]
id = "acme"
api_key_sha256 = ["{HASH_A}"]
provider_keys = {{ openai = "env:ACME_OPENAI", anthropic = "sk-ant-plain" }}
policy = {{ phone = "mask", ip = "allow" }}

[[tenants]]
id = "globex"
api_key_sha256 = ["{HASH_B}"]
"#
    );
    let c = Config::from_toml(&toml, &env_of(&[("ACME_OPENAI", "sk-openai-acme")])).unwrap();
    assert_eq!(c.auth, AuthMode::ApiKey);
    assert_eq!(c.tenants.len(), 2);
    let acme = &c.tenants[0];
    assert_eq!(
        acme.provider_keys.openai.as_ref().unwrap().expose(),
        "sk-openai-acme"
    );
    assert_eq!(
        acme.provider_keys.anthropic.as_ref().unwrap().expose(),
        "sk-ant-plain"
    );
    assert_eq!(acme.policy.action(EntityType::Phone), Action::Mask);
    assert_eq!(acme.policy.action(EntityType::Email), Action::Tokenize);

    let bad_type = toml.replace("phone = \"mask\"", "passport = \"mask\"");
    let err = Config::from_toml(&bad_type, &env_of(&[("ACME_OPENAI", "k")]))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("tenants[0].policy.passport:"), "{err}");
    let bad_action = toml.replace("phone = \"mask\"", "phone = \"hide\"");
    let err = Config::from_toml(&bad_action, &env_of(&[("ACME_OPENAI", "k")]))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("tenants[0].policy.phone:"), "{err}");
    assert!(err.contains("unknown action `hide`"), "{err}");

    let err = Config::from_toml(&toml, &env_of(&[]))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("tenants[0].provider_keys.openai:"), "{err}");

    let dup = toml.replace(HASH_B, HASH_A);
    let err = Config::from_toml(&dup, &env_of(&[("ACME_OPENAI", "k")]))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("tenants[1].api_key_sha256[0]:"), "{err}");

    let short = toml.replace(HASH_B, "abcd");
    let err = Config::from_toml(&short, &env_of(&[("ACME_OPENAI", "k")]))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("tenants[1].api_key_sha256[0]:"), "{err}");
}

#[test]
fn limits_and_vault_values_are_checked() {
    let e = |t: &str| Config::from_toml(t, &env_of(&[])).unwrap_err().to_string();
    assert!(e("[limits]\nmax_body_bytes = 0\n").starts_with("limits.max_body_bytes:"));
    assert!(e("[limits]\nidle_timeout_ms = 0\n").starts_with("limits.idle_timeout_ms:"));
    assert!(e("[limits]\nmax_header_bytes = 4096\n").starts_with("limits.max_header_bytes:"));
    let c = Config::from_toml("[limits]\nmax_header_bytes = 8192\n", &env_of(&[])).unwrap();
    assert_eq!(c.limits.max_header_bytes, 8192);
    assert!(e("[vault]\nbackend = \"etcd\"\n").starts_with("vault.backend:"));
    assert!(e("[vault]\nurls = [\"redis://x\"]\n").starts_with("vault.urls:"));
    assert!(e("[vault]\nmax_memory_bytes = 0\n").starts_with("vault.max_memory_bytes:"));
    assert!(
        e("[vault]\nbackend = \"redis\"\nurls = [\"redis://x\"]\nmax_memory_bytes = 9\n")
            .starts_with("vault.max_memory_bytes:")
    );
    let c = Config::from_toml("[vault]\nmax_memory_bytes = 4096\n", &env_of(&[])).unwrap();
    assert!(matches!(
        c.vault,
        VaultConfig::Memory {
            max_bytes: 4096,
            ..
        }
    ));
    assert!(e("listen = \"nope\"\n").starts_with("listen:"));
    assert!(e("auth = \"magic\"\n").starts_with("auth:"));
    assert!(e("auth = \"api_key\"\n").starts_with("tenants:"));
    let c = Config::from_toml(
        "[limits]\nmax_body_bytes = 1024\nidle_timeout_ms = 250\n",
        &env_of(&[]),
    )
    .unwrap();
    assert_eq!(c.limits.max_body_bytes, 1024);
    assert_eq!(c.limits.idle_timeout, Duration::from_millis(250));
}

#[test]
fn example_file_is_valid() {
    let text = include_str!("../../veil.example.toml");
    let env = env_of(&[
        ("VEIL_MASTER_KEY", &"11".repeat(32)),
        ("ACME_OPENAI_KEY", "sk-test"),
        ("ACME_ANTHROPIC_KEY", "sk-ant-test"),
    ]);
    let c = Config::from_toml(text, &env).unwrap();
    assert_eq!(c.auth, AuthMode::ApiKey);
    assert!(!c.tenants.is_empty());
}

#[test]
fn jwt_section_is_validated() {
    let e = |t: &str| Config::from_toml(t, &env_of(&[])).unwrap_err().to_string();
    let tenant = "[[tenants]]\nid = \"j\"\n";
    assert!(e(&format!("[jwt]\nsecret = \"short\"\n{tenant}")).starts_with("jwt.secret:"));
    assert!(
        e(&format!("[jwt]\nsecret = \"env:JWT\"\n{tenant}")).starts_with("jwt.secret:"),
        "an unset variable is named"
    );
    let long = "s".repeat(32);
    assert!(
        e(&format!(
            "auth = \"passthrough\"\n[jwt]\nsecret = \"{long}\"\n"
        ))
        .starts_with("jwt:")
    );
    assert!(
        e(&format!(
            "[jwt]\nsecret = \"{long}\"\nalg = \"none\"\n{tenant}"
        ))
        .contains("alg")
    );
    assert!(
        e(tenant).starts_with("tenants[0].api_key_sha256:"),
        "without [jwt] a tenant needs a key"
    );
    let c = Config::from_toml(
        &format!("[jwt]\nsecret = \"env:JWT\"\nissuer = \"idp\"\n{tenant}"),
        &env_of(&[("JWT", &long)]),
    )
    .unwrap();
    let jwt = c.jwt.unwrap();
    assert_eq!(jwt.secret.expose(), long.as_bytes());
    assert_eq!(jwt.issuer.as_deref(), Some("idp"));
    assert_eq!(jwt.leeway_secs, 30);
}

/// A scratch directory for PEM files, removed on drop.
struct PemDir(std::path::PathBuf);

impl PemDir {
    fn new(name: &str) -> PemDir {
        let dir = std::env::temp_dir().join(format!("veil-tls-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        PemDir(dir)
    }

    fn write(&self, file: &str, text: &str) -> String {
        let path = self.0.join(file);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }
}

impl Drop for PemDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A self-signed CA certificate in PEM.
fn ca_pem() -> String {
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    params.self_signed(&key).unwrap().pem()
}

fn upstreams_toml(body: &str) -> String {
    format!("[upstreams]\n{body}\n")
}

#[test]
fn upstream_tls_defaults_to_webpki_roots_and_tls13_only() {
    let tls = &Config::embedded_default().upstreams.tls;
    assert!(tls.webpki_roots);
    assert!(tls.extra_roots.is_empty());
    assert_eq!(tls.min_version, TlsVersion::Tls13);
    let c = Config::from_toml(&upstreams_toml("tls_min_version = \"1.2\""), &env_of(&[])).unwrap();
    assert_eq!(c.upstreams.tls.min_version, TlsVersion::Tls12);
    let err = Config::from_toml(&upstreams_toml("tls_min_version = \"1.1\""), &env_of(&[]))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("upstreams.tls_min_version:"), "{err}");
}

#[test]
fn extra_ca_certs_are_added_to_the_webpki_roots() {
    let dir = PemDir::new("extra");
    let one = dir.write("one.pem", &ca_pem());
    let two = dir.write("two.pem", &format!("{}{}", ca_pem(), ca_pem()));
    let c = Config::from_toml(
        &upstreams_toml(&format!("extra_ca_certs = [{one:?}, {two:?}]")),
        &env_of(&[]),
    )
    .unwrap();
    assert_eq!(
        c.upstreams.tls.extra_roots.len(),
        3,
        "every certificate of every file"
    );
    assert!(
        c.upstreams.tls.webpki_roots,
        "added to, not replacing, the roots"
    );
    let c = Config::from_toml(
        &upstreams_toml(&format!("extra_ca_certs = [{one:?}]\nwebpki_roots = false")),
        &env_of(&[]),
    )
    .unwrap();
    assert!(!c.upstreams.tls.webpki_roots);
    assert_eq!(c.upstreams.tls.extra_roots.len(), 1);
}

#[test]
fn veil_extra_ca_certs_names_the_files_from_the_environment() {
    let dir = PemDir::new("env");
    let one = dir.write("one.pem", &ca_pem());
    let two = dir.write("two.pem", &ca_pem());
    let env = env_of(&[("VEIL_EXTRA_CA_CERTS", &format!("{one}, {two}"))]);
    let c = Config::from_toml(&upstreams_toml(""), &env).unwrap();
    assert_eq!(c.upstreams.tls.extra_roots.len(), 2);
    let env = env_of(&[("VEIL_EXTRA_CA_CERTS", "/nonexistent/ca.pem")]);
    let err = Config::from_toml(&upstreams_toml(""), &env)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("upstreams.extra_ca_certs[0]"), "{err}");
}

#[test]
fn bad_ca_files_stop_startup_naming_the_field() {
    let dir = PemDir::new("bad");
    let good = dir.write("good.pem", &ca_pem());
    let err_for = |path: &str| {
        Config::from_toml(
            &upstreams_toml(&format!("extra_ca_certs = [{good:?}, {path:?}]")),
            &env_of(&[]),
        )
        .unwrap_err()
        .to_string()
    };

    let missing = dir.0.join("missing.pem").display().to_string();
    let err = err_for(&missing);
    assert!(err.starts_with("upstreams.extra_ca_certs[1]:"), "{err}");
    assert!(err.contains("cannot read"), "{err}");

    // A private key pasted where the CA belongs: refused, never quoted.
    let key = rcgen::KeyPair::generate().unwrap().serialize_pem();
    let err = err_for(&dir.write("key.pem", &key));
    assert!(err.starts_with("upstreams.extra_ca_certs[1]:"), "{err}");
    assert!(err.contains("no `BEGIN CERTIFICATE`"), "{err}");
    let key_body = key.lines().nth(1).unwrap();
    assert!(!err.contains(key_body), "{err}");

    let err = err_for(&dir.write(
        "base64.pem",
        "-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----\n",
    ));
    assert!(err.starts_with("upstreams.extra_ca_certs[1]:"), "{err}");
    assert!(err.contains("not valid base64"), "{err}");

    let err = err_for(&dir.write("cut.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n"));
    assert!(err.contains("no END line"), "{err}");

    // Well-formed PEM around bytes that are no certificate.
    let err = err_for(&dir.write(
        "junk.pem",
        "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n",
    ));
    assert!(err.starts_with("upstreams.extra_ca_certs[1]:"), "{err}");
    assert!(err.contains("certificate 1 of"), "{err}");
    assert!(err.contains("not usable as a CA"), "{err}");
}

#[test]
fn webpki_roots_off_needs_extra_ca_certs() {
    let err = Config::from_toml(&upstreams_toml("webpki_roots = false"), &env_of(&[]))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("upstreams.webpki_roots:"), "{err}");
    let err = Config::from_toml(&upstreams_toml("ca_file = \"/x.pem\""), &env_of(&[]))
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown field `ca_file`"), "{err}");
}

#[test]
fn serving_threads_come_from_the_file_or_veil_threads() {
    let c = Config::embedded_default();
    assert_eq!(c.threads, 0, "default: one per core");
    assert!(c.serving_threads() >= 1);
    let c = Config::from_toml("[server]\nthreads = 3\n", &env_of(&[])).unwrap();
    assert_eq!((c.threads, c.serving_threads()), (3, 3));
    let c = Config::from_toml(
        "[server]\nthreads = 3\n",
        &env_of(&[("VEIL_THREADS", " 1 ")]),
    )
    .unwrap();
    assert_eq!(c.serving_threads(), 1, "the environment wins");
    let e =
        |t: &str, env: &[(&str, &str)]| Config::from_toml(t, &env_of(env)).unwrap_err().to_string();
    assert!(e("[server]\nthreads = 5000\n", &[]).starts_with("server.threads:"));
    assert!(e("", &[("VEIL_THREADS", "two")]).starts_with("VEIL_THREADS:"));
    assert!(e("", &[("VEIL_THREADS", "-1")]).starts_with("VEIL_THREADS:"));
    assert!(e("[server]\nworkers = 2\n", &[]).contains("workers"));
}
