//! Module systems that share one standard library: nothing is imported at install, `sys` is
//! made per VM from its own settings, bundled sources are compiled once per shared table, and
//! a VM's own registrations win over the table's.

use hotpy_modules::{install, Config, Importer, ModuleSetup, NativeModule, SharedModules};
use hotpy_vm::{Vm, VmResult};
use std::sync::Arc;

fn run(vm: &mut Vm, src: &str) -> VmResult<String> {
    vm.capture_output();
    let globals = vm.new_main_globals(None)?;
    let code = hotpy_compiler::compile_module(src, "<main>").expect("compiles");
    vm.run_code(code, globals)?;
    Ok(vm.take_output())
}

fn config(argv: &str) -> Config {
    Config {
        argv: vec![argv.to_string()],
        script_dir: None,
        use_hotpypath: false,
        extra_path: vec![format!("/{argv}")],
    }
}

#[test]
fn install_imports_nothing_and_sys_is_made_on_first_import() {
    let mut vm = Vm::default();
    install(&mut vm, Importer::new(), &config("prog")).expect("install");
    assert_eq!(vm.lookup_module("sys").expect("lookup"), None);
    assert_eq!(vm.lookup_module("io").expect("lookup"), None);
    let out = run(
        &mut vm,
        "import sys\nprint(sys.argv, sys.path, iter(sys.stdin) is sys.stdin, sys.stdin is sys.__stdin__)\nprint('io' in sys.modules, '_Stdin' in dir(sys))",
    )
    .expect("runs");
    assert_eq!(out, "['prog'] ['/prog'] True True\nFalse False\n");
}

#[test]
fn vms_over_one_setup_share_compiled_code_but_not_modules() {
    let a_setup = ModuleSetup::new(&config("a"));
    let b_setup = a_setup.with_config(&config("b"));
    assert!(Arc::ptr_eq(a_setup.shared(), b_setup.shared()));
    let mut a = Vm::default();
    let mut b = Vm::default();
    a_setup.install(&mut a).expect("install");
    b_setup.install(&mut b).expect("install");
    assert_eq!(a_setup.shared().compiled_count(), 0);
    let prog = "import sys, json\njson.marker = sys.argv[0]\nprint(json.dumps({'k': [1, 2]}), json.marker)";
    assert_eq!(run(&mut a, prog).expect("runs"), "{\"k\": [1, 2]} a\n");
    let compiled = a_setup.shared().compiled_count();
    assert!(compiled >= 1, "json and sys's Python part were compiled");
    assert_eq!(run(&mut b, prog).expect("runs"), "{\"k\": [1, 2]} b\n");
    // The second VM compiled nothing: the same table's code was loaded into its heap.
    assert_eq!(a_setup.shared().compiled_count(), compiled);
    // Each VM has its own module objects.
    assert_eq!(
        run(&mut a, "import json\nprint(json.marker)").expect("runs"),
        "a\n"
    );
}

#[test]
fn a_vms_own_registration_wins_over_the_shared_table() {
    let mut table = hotpy_modules::stdlib::table();
    table.register_native(NativeModule::new("shared_only").constant("WHO", "table"));
    table.register_source("json", "WHO = 'table json'\n", false);
    let setup = ModuleSetup::with_modules(Arc::new(table), &Config::default());
    let mut vm = Vm::default();
    let importer = setup.install(&mut vm).expect("install");
    importer.register_source("json", "WHO = 'own json'\n", false);
    assert!(importer.is_registered("shared_only"));
    assert!(importer.native_names().contains(&"math".to_string()));
    let out = run(
        &mut vm,
        "import json, shared_only\nprint(json.WHO, shared_only.WHO)",
    )
    .expect("runs");
    assert_eq!(out, "own json table\n");
}

#[test]
fn a_child_without_a_spawner_shares_its_parents_table_and_sys_settings() {
    let setup = ModuleSetup::with_modules(Arc::new(SharedModules::new()), &config("p"));
    let mut parent = Vm::default();
    setup.install(&mut parent).expect("install");
    let mut child = hotpy_modules::spawn_from(&parent).expect("child");
    let imp = hotpy_modules::importer::importer_of(&child).expect("importer");
    let imp = imp
        .as_any()
        .and_then(|a| a.downcast_ref::<Importer>())
        .expect("the hotpy importer");
    assert!(Arc::ptr_eq(imp.shared().expect("table"), setup.shared()));
    assert_eq!(imp.sys_settings().argv, vec!["p".to_string()]);
    // The table is empty: not even `sys` is there.
    let err = run(&mut child, "import math").expect_err("no math");
    assert!(err.to_string().contains("No module named 'math'"), "{err}");
}

#[test]
fn sys_is_made_for_the_first_import_that_searches_sys_path() {
    let dir = std::env::temp_dir().join(format!("hotpy-shared-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("on_disk.py"), "VALUE = 7\n").expect("write");
    let config = Config {
        extra_path: vec![dir.display().to_string()],
        ..Config::default()
    };
    let mut vm = Vm::default();
    ModuleSetup::new(&config).install(&mut vm).expect("install");
    // Registered modules need no path: `sys` is not made for them.
    run(&mut vm, "import math, json").expect("runs");
    assert_eq!(vm.lookup_module("sys").expect("lookup"), None);
    let out = run(&mut vm, "import on_disk\nprint(on_disk.VALUE)").expect("runs");
    assert_eq!(out, "7\n");
    assert!(vm.lookup_module("sys").expect("lookup").is_some());
    let _ = std::fs::remove_dir_all(&dir);
}
