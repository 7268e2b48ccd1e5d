//! What [`crate::AppState::from_env`] reads of the environment, from a function that gives a variable's
//! value, so that tests need not change the process's environment.

use std::ffi::OsString;
use std::path::PathBuf;

use crate::Data;

/// Gives the value of an environment variable, as `std::env::var_os` does.
pub(crate) type Vars<'a> = &'a dyn Fn(&str) -> Option<OsString>;

/// The dataset: `SNAPSHOT_PATH` when set to a path (a published snapshot), else the embedded one (also
/// when set but empty, as a template leaves an unused variable). A path that is not a regular file (a
/// folder, a device such as `/dev/zero`, a pipe) is refused before anything is read from it.
pub(crate) fn dataset(var: Vars) -> Result<Data, String> {
    let Some(path) = var("SNAPSHOT_PATH").filter(|path| !path.is_empty()) else {
        return Ok(Data::embedded());
    };
    let shown = path.to_string_lossy().into_owned();
    let metadata = std::fs::metadata(&path).map_err(|e| format!("SNAPSHOT_PATH {shown}: {e}"))?;
    if !metadata.is_file() {
        return Err(format!("SNAPSHOT_PATH {shown}: not a regular file (a snapshot is a file written by staff)"));
    }
    let bytes = std::fs::read(&path).map_err(|e| format!("SNAPSHOT_PATH {shown}: {e}"))?;
    Data::from_bytes(bytes).map_err(|e| format!("SNAPSHOT_PATH {shown}: {e}"))
}

/// The built browser app: `SPA_DIR` (default `frontend/dist`, also when empty), which must hold an
/// `index.html`, or the server would answer every page with nothing. Not checked on Lambda
/// (`AWS_LAMBDA_RUNTIME_API` set), where CloudFront serves the app from S3 and the function only `/api`.
pub(crate) fn spa_dir(var: Vars) -> Result<PathBuf, String> {
    let dir =
        var("SPA_DIR").filter(|dir| !dir.is_empty()).map_or_else(|| PathBuf::from("frontend/dist"), PathBuf::from);
    if var("AWS_LAMBDA_RUNTIME_API").is_some() {
        return Ok(dir);
    }
    crate::spa::check(&dir).map_err(|error| {
        format!(
            "SPA_DIR {}: no built browser app there ({error}); build it with `cargo xtask dist`, or set SPA_DIR \
             to the folder that holds its index.html",
            dir.display()
        )
    })?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> + use<> {
        let pairs: Vec<(String, OsString)> = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).into())).collect();
        move |name| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    fn temp_dir(test: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xamoi-config-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn an_empty_snapshot_path_means_the_embedded_dataset() {
        let embedded = Data::embedded();
        for var in [vars(&[]), vars(&[("SNAPSHOT_PATH", "")])] {
            assert_eq!(dataset(&var).unwrap().version(), embedded.version());
        }
    }

    #[test]
    fn a_snapshot_path_that_is_not_a_regular_file_is_refused_unread() {
        let dir = temp_dir("not-a-file");
        let fifo = dir.join("fifo");
        // A fifo with no writer: reading it would block forever, so a pass proves it was not read.
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
        let mut paths = vec![dir.clone(), PathBuf::from("/dev/zero"), PathBuf::from("/dev/null")];
        if made {
            paths.push(fifo);
        }
        for path in paths {
            let var = vars(&[("SNAPSHOT_PATH", path.to_str().unwrap())]);
            let error = dataset(&var).err().unwrap_or_else(|| panic!("{} was accepted", path.display()));
            assert!(error.starts_with("SNAPSHOT_PATH ") && error.contains("not a regular file"), "{error}");
        }
        let missing = dir.join("missing.bin");
        let error = dataset(&vars(&[("SNAPSHOT_PATH", missing.to_str().unwrap())])).err().unwrap();
        assert!(error.contains("missing.bin"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_spa_dir_without_index_html_stops_the_server_but_not_the_lambda_function() {
        let dir = temp_dir("spa");
        let shown = dir.to_str().unwrap();
        let error = spa_dir(&vars(&[("SPA_DIR", shown)])).unwrap_err();
        assert!(error.starts_with(&format!("SPA_DIR {shown}: no built browser app")), "{error}");
        assert!(error.contains("index.html") && error.contains("cargo xtask dist"), "{error}");
        let lambda = vars(&[("SPA_DIR", shown), ("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001")]);
        assert_eq!(spa_dir(&lambda).unwrap(), dir);

        std::fs::write(dir.join("index.html"), "<!doctype html><title>Xã Mới</title>").unwrap();
        assert_eq!(spa_dir(&vars(&[("SPA_DIR", shown)])).unwrap(), dir);
        // SPA_DIR empty is the default, relative to the working directory (api/ when tested).
        let error = spa_dir(&vars(&[("SPA_DIR", "")])).unwrap_err();
        assert!(error.starts_with("SPA_DIR frontend/dist: "), "{error}");
        assert!(!Path::new("frontend/dist/index.html").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
