//! `newsgaz`: tag news articles with the entities of a gazetteer, and score gazetteers.

mod args;
mod eval;
mod gazetteer;
mod output;
mod tag;
mod target;

use std::process::ExitCode;

/// mimalloc takes memory from the system in large pieces: loading the built-in gazetteer
/// faults in about 200 pages instead of 11,000 with the system allocator (half the time
/// to a ready matcher on a virtual machine).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;

use args::{Cli, Command};

fn main() -> ExitCode {
    let outcome = match Cli::parse().command {
        Command::Tag(args) => tag::run(&args),
        Command::Eval(args) => eval::run(&args).map(|()| true),
        Command::Gazetteer(command) => gazetteer::run(&command).map(|()| true),
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("newsgaz: {message}");
            ExitCode::from(2)
        }
    }
}
