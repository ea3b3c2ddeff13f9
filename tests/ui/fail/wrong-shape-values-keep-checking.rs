use actix_web::{App, HttpResponse, get};
use cors_runtime::cors;

// A value of the wrong shape is reported, and the keys after it are still checked: four
// errors in one compile.
#[cors(origins = "https://myapp.com", max_age = "1h", credentials = "yes", headers = ["Cookie"])]
#[get("/data")]
async fn data() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(data);
}
