//! The `veil` binary.

fn main() {
    println!("veil {}", env!("CARGO_PKG_VERSION"));
}
