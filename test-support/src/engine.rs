//! The three browser engines the tests judge calls in, and a value for each of them.

/// A browser engine, named as its users know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Chromium,
    Firefox,
    WebKit,
}

impl Engine {
    pub const ALL: [Engine; 3] = [Engine::Chromium, Engine::Firefox, Engine::WebKit];

    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "Chromium",
            Engine::Firefox => "Firefox",
            Engine::WebKit => "WebKit",
        }
    }

    /// The `cors-check` browser that judges calls as this engine does.
    pub fn tester_browser(self) -> cors_check_core::Browser {
        match self {
            Engine::Chromium => cors_check_core::Browser::Chromium,
            Engine::Firefox => cors_check_core::Browser::Firefox,
            Engine::WebKit => cors_check_core::Browser::Safari,
        }
    }
}

/// What each engine does, every engine stated by name: where engines differ, the difference is
/// written beside the others, so no engine can be left out, named twice or misspelt, and none
/// quietly takes another's answer.
///
/// ```
/// use cors_test_support::engine::{Engine, PerEngine};
///
/// // Firefox sends a preflight that Chromium and WebKit do not.
/// let preflights = PerEngine { chromium: 0, firefox: 1, webkit: 0 };
/// assert_eq!(preflights.of(Engine::Firefox), 1);
/// assert_eq!(PerEngine::all(2).of(Engine::WebKit), 2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PerEngine<T> {
    pub chromium: T,
    pub firefox: T,
    pub webkit: T,
}

impl<T: Copy> PerEngine<T> {
    /// The same in every engine.
    pub const fn all(value: T) -> Self {
        Self { chromium: value, firefox: value, webkit: value }
    }

    /// What `engine` does.
    pub fn of(&self, engine: Engine) -> T {
        match engine {
            Engine::Chromium => self.chromium,
            Engine::Firefox => self.firefox,
            Engine::WebKit => self.webkit,
        }
    }

    /// Each engine's value turned by `f`.
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> PerEngine<U> {
        PerEngine { chromium: f(self.chromium), firefox: f(self.firefox), webkit: f(self.webkit) }
    }
}
