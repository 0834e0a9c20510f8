// Boost.JSON, compiled once for the whole program (header-only mode).
#include <boost/json/src.hpp>
