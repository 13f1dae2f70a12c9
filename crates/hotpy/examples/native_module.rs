//! Register a native module written in Rust and an in-memory Python module, then import both
//! from a Python program.
//!
//! Run with `cargo run -p hotpy --example native_module`.

use hotpy::modules::{install, register_main, Config, Importer, NativeClass, NativeModule};
use hotpy::vm::Value;
use hotpy::vm::{Vm, VmResult};

/// A typed native: the arguments convert from Python floats or ints; a str or a missing
/// argument is a `TypeError` worded as CPython's.
fn distance(x1: f64, y1: f64, x2: f64, y2: f64) -> f64 {
    ((x2 - x1).powi(2) + (y2 - y1).powi(2)).sqrt()
}

const PROGRAM: &str = r#"
import game
from levels import LEVELS, describe
print(game.__doc__)
print(game.greet("Ada"), game.MAX_PLAYERS, game.distance(0, 0, 3, 4))
print(describe(), LEVELS)
try:
    game.distance(0, 0, "far", 4)
except TypeError as e:
    print("TypeError:", e)
hero = game.Player("hero")
hero.move(3)
print(hero.name, hero.move(4), game.Player.__doc__)
try:
    game.spawn(-1)
except ValueError as e:
    print("ValueError:", e)
"#;

fn main() -> VmResult<()> {
    let importer = Importer::new();
    importer.register_native(
        NativeModule::new("game")
            .doc("The host game's API.")
            .constant("MAX_PLAYERS", 4_i64)
            .function("distance", distance)
            .function("greet", |name: String| format!("Welcome, {name}!"))
            .function("spawn", |count: i64| -> VmResult<Vec<i64>> {
                if count < 0 {
                    return Err(hotpy::vm::error::value_error("count must be >= 0"));
                }
                Ok((0..count).collect())
            })
            .class(
                NativeClass::new("Player")
                    .doc("A player; its state is ordinary attributes.")
                    .raw_method("__init__", |vm, args| {
                        let (this, name) =
                            (args.positional()[0], args.get(1).unwrap_or(Value::None));
                        vm.set_attr_str(this, "name", name)?;
                        vm.set_attr_str(this, "x", Value::Int(0))
                            .map(|()| Value::None)
                    })
                    .raw_method("move", |vm, args| {
                        let this = args.positional()[0];
                        let x = match (vm.get_attr_str(this, "x")?, args.get(1)) {
                            (Value::Int(x), Some(Value::Int(d))) => x.saturating_add(d),
                            _ => return Err(hotpy::vm::error::type_error("move() needs an int")),
                        };
                        vm.set_attr_str(this, "x", Value::Int(x))?;
                        Ok(Value::Int(x))
                    }),
            ),
    );
    // Python source the embedder ships in memory (from an asset archive, say).
    importer.register_source(
        "levels",
        "import game\nLEVELS = ['intro', 'cave']\ndef describe():\n    return '%d levels for %d players' % (len(LEVELS), game.MAX_PLAYERS)\n",
        false,
    );
    let mut vm = Vm::default();
    let config = Config {
        argv: vec!["example".into()],
        ..Config::default()
    };
    install(&mut vm, importer, &config)?;
    let globals = vm.new_main_globals(None)?;
    register_main(&mut vm, globals)?;
    let code = hotpy::compiler::compile_module(PROGRAM, "<example>")
        .map_err(|e| hotpy::vm::VmError::new(hotpy::vm::ExcKind::SyntaxError, e.message.clone()))?;
    let result = vm.run_code(code, globals);
    vm.flush_stdout();
    if let Err(e) = &result {
        eprint!("{}", vm.format_exception(e));
    }
    result.map(|_| ())
}
