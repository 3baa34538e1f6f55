#include <fluxion/core/simulator.h>

// The Simulator's check of the field names in the parameters of the
// postprocessors and refinement criteria, before anything is solved.
namespace Fluxion
{
  template <int dim>
  void
  Simulator<dim>::check_field_names() const
  {
    const auto fields = physics->fields();
    for (const auto &p : postprocessors)
      p->check_fields(fields);
    for (const auto &c : criteria)
      c->check_fields(fields);
  }

  template void
  Simulator<1>::check_field_names() const;
  template void
  Simulator<2>::check_field_names() const;
  template void
  Simulator<3>::check_field_names() const;
} // namespace Fluxion
