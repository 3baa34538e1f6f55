#include <fluxion/physics/dopant/dopant_diffusion.h>
#include <fluxion/physics/dopant/layer_levels.h>

namespace Fluxion
{
  template <int dim>
  DopantDiffusion<dim>::DopantDiffusion() = default;
  template <int dim>
  void
  DopantDiffusion<dim>::adjust_refinement_flags(const unsigned int max_level)
  {
    if constexpr (dim > 1)
      if (!layer_ids.empty())
        limit_layer_levels<dim>(
          *context.triangulation,
          [this](const types::material_id m) { return is_interface_layer(m); },
          max_level);
    (void)max_level;
  }

  template <int dim>
  bool
  DopantDiffusion<dim>::repair_refinement_flags()
  {
    if constexpr (dim > 1)
      if (!layer_ids.empty())
        return flag_cells_under_layers<dim>(*context.triangulation,
                                            [this](const types::material_id m) {
                                              return is_interface_layer(m);
                                            }) > 0;
    return false;
  }

  FLUXION_REGISTER_PHYSICS(
    DopantDiffusion,
    "dopant diffusion",
    "Diffusion of dopants (B, P, As, Sb, user-defined) in silicon during "
    "a thermal process of dwells and ramps, with surface sources, the "
    "intrinsic (constant) or Fermi-level dependent (fermi) model, and "
    "coupling through the electron density.")
} // namespace Fluxion
