use gotemplate::FuncMap;

use super::FuncOptions;

pub fn register(funcs: &mut FuncMap, options: &FuncOptions) {
    let _ = (funcs, options);
}
