#include "cli/app.hpp"

int main(int argc, char** argv) { return sqlmigrate::cli::run(argc, argv); }
