#ifndef fluxion_core_parameters_h
#define fluxion_core_parameters_h

#include <deal.II/base/parameter_handler.h>

#include <ostream>
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
   * The physics that a run uses when the file does not set <Physics>.
   */
  constexpr const char *default_physics = "diffusion";

  /**
   * The value of <Physics> in @p text, from a first light parse (as for
   * <Dimension>), not yet checked against the registered physics.
   */
  std::string
  read_physics_name(const std::string &text, const std::string &filename);

  /**
   * Declare every parameter of a run in @p dim dimensions and read @p text.
   * <Physics> is read first, and only that physics declares its sections
   * (an unknown name is an error that lists the registered ones), so a file
   * cannot set the parameters of another physics. Then two passes: the
   * first finds the names that the file lists (regions, boundaries, process
   * steps), whose subsections the physics then declares; the second reads
   * everything and rejects unknown entries.
   */
  template <int dim>
  void
  read_parameters(ParameterHandler  &prm,
                  const std::string &text,
                  const std::string &filename);

  /**
   * Write the documentation of every parameter (in 2D) in @p format, "prm"
   * or "json": the sections of every run, then each registered physics'
   * sections under a heading, with one example subsection per plugin of its
   * named maps (e.g. `<region> with law 'arrhenius'`). In JSON, an object
   * {"global": ..., "physics": {"<name>": ..., ...}}.
   */
  void
  print_parameter_documentation(std::ostream &out, const std::string &format);
} // namespace Fluxion

#endif
