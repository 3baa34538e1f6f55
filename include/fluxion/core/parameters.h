#ifndef fluxion_core_parameters_h
#define fluxion_core_parameters_h

#include <deal.II/base/parameter_handler.h>

#include <string>

namespace Fluxion
{
  using namespace dealii;

  /**
   * Parse parameter text into @p prm; errors name @p filename instead of
   * deal.II's "input string".
   */
  void
  parse_parameter_text(ParameterHandler  &prm,
                       const std::string &text,
                       const std::string &filename,
                       const bool         skip_undefined);

  /**
   * Declare every parameter of a run in @p dim dimensions and read @p text
   * in two passes: the first pass finds the region and boundary names that
   * the file lists, whose subsections the physics then declares; the second
   * pass reads everything and rejects unknown entries.
   */
  template <int dim>
  void
  read_parameters(ParameterHandler  &prm,
                  const std::string &text,
                  const std::string &filename);
} // namespace Fluxion

#endif
