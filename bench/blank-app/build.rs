//! Build script of the blank benchmark app: generates its Tauri context.

fn main() {
    tauri_build::build();
}
