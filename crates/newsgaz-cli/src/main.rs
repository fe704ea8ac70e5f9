//! `newsgaz`: tag news articles with the entities of a gazetteer, and score gazetteers.

mod args;
mod eval;
mod gazetteer;
mod output;
mod tag;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

fn main() -> ExitCode {
    let outcome = match Cli::parse().command {
        Command::Tag(args) => tag::run(&args),
        Command::Eval(args) => eval::run(&args).map(|()| true),
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
