//! The browser entry point (built by Trunk). Natively it only explains itself.
fn main() {
    #[cfg(target_arch = "wasm32")]
    distlab::ui::start();
    #[cfg(not(target_arch = "wasm32"))]
    println!("distlab is a browser app: run `scripts/serve.sh` and open http://127.0.0.1:8080");
}
